package suite

import (
	"gopkg.in/yaml.v3"
)

// The readers of values with rules of their own, beyond their kind.

// classNames reads a multiclass source's class names: at least two.
func classNames(dst *[]string) reader {
	return func(p *parser, v *yaml.Node, path string) error {
		names, err := p.strList(v, path)
		*dst = names
		if err == nil && len(names) < 2 {
			err = p.errf(v, path, "want at least 2 class names")
		}
		return err
	}
}

// threshold reads a metric's threshold: a mapping of thresholdFields with
// at least one rule, and a min no higher than an absolute max.
func threshold(t *Threshold) reader {
	return func(p *parser, n *yaml.Node, path string) error {
		if _, err := p.readFields(n, path, thresholdFields(t)); err != nil {
			return err
		}
		if t.Min == nil && t.Max == nil && t.MaxDrop == nil {
			return p.errf(n, path, "empty: give min, max or max_drop")
		}
		if t.Min != nil && t.Max != nil && !t.Min.Baseline && !t.Max.Baseline && t.Min.Offset > t.Max.Offset {
			return p.errf(n, path, "min %v is above max %v: no value can pass", t.Min.Offset, t.Max.Offset)
		}
		return nil
	}
}

// stages reads a parity check's stages, a mapping of stage names (in
// pipeline order) to their outputs; an output belongs to one stage.
func stages(dst *[]Stage) reader {
	return func(p *parser, v *yaml.Node, path string) error {
		seen := map[string]string{}
		err := p.mapping(v, path, nil, func(name string, v *yaml.Node, path string) error {
			outs, err := p.strList(v, path)
			if err != nil {
				return err
			}
			for _, o := range outs {
				if prev, dup := seen[o]; dup {
					return p.errf(v, path, "output %q is already in stage %q", o, prev)
				}
				seen[o] = name
			}
			*dst = append(*dst, Stage{Name: name, Outputs: outs})
			return nil
		})
		if err == nil && len(*dst) == 0 {
			err = p.errf(v, path, "empty mapping")
		}
		return err
	}
}

// driftThresholds reads a drift check's bounds by statistic (DriftStats);
// a bound of 0 would flag every feature.
func driftThresholds(dst *map[string]float64) reader {
	return func(p *parser, v *yaml.Node, path string) error {
		m, err := p.numMap(v, path, DriftStats)
		*dst = m
		for _, name := range DriftStats {
			if x, ok := m[name]; ok && x == 0 && err == nil {
				err = p.errf(v, path+"."+name, "0: want a bound > 0 (leave the statistic out to not check it)")
			}
		}
		return err
	}
}
