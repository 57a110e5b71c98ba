package suite

import (
	"slices"
	"strings"
)

// finishInterleave requires a rule: an interleave check without require or
// min_delta_ab could never fail.
func (p *parser) finishInterleave(_ *Suite, c *Check, at checkNode) error {
	if c.Interleave.Require == "" && c.Interleave.MinDeltaAB == nil {
		return p.errf(at.node, at.path, "give require (A or B) or min_delta_ab: a check needs a rule it can fail")
	}
	return nil
}

// finishOPE requires a rule, known estimator names, and bounds only on
// estimators the check computes.
func (p *parser) finishOPE(_ *Suite, c *Check, at checkNode) error {
	m := c.OPE
	if m.Min == nil && m.Max == nil && m.MinESS == nil {
		return p.errf(at.node, at.path, "give min, max or min_ess: a check needs a rule it can fail")
	}
	for _, name := range m.Estimators {
		if !slices.Contains(OPEEstimators, name) {
			return p.errf(at.given["estimators"], at.path+".estimators", "unknown estimator %q: want %s", name, orList(OPEEstimators))
		}
	}
	if m.Estimators == nil {
		return nil
	}
	for _, key := range []string{"min", "max"} {
		bounds := m.Min
		if key == "max" {
			bounds = m.Max
		}
		for name := range bounds {
			if !slices.Contains(m.Estimators, name) {
				return p.errf(at.given[key], at.path+"."+key+"."+name, "%s is not among the estimators computed (%s)", name, strings.Join(m.Estimators, ", "))
			}
		}
	}
	return nil
}
