package suite

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// The readers of scalar values and simple lists and mappings: each reads
// one node, expanding ${VAR}s, and says what it wanted when the node is
// something else. parse_field.go binds them to the schema's keys.

// scalar returns the expanded text of a scalar node.
func (p *parser) scalar(n *yaml.Node, path, want string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", p.errf(n, path, "want %s, got %s", want, kindName(n))
	}
	s, err := expand(n.Value, p.lookup)
	if err != nil {
		return "", p.errf(n, path, "%v", err)
	}
	return s, nil
}

func (p *parser) str(n *yaml.Node, path string) (string, error) {
	s, err := p.scalar(n, path, "a string")
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(s) == "" {
		return "", p.errf(n, path, "empty: want a non-empty string")
	}
	return s, nil
}

func (p *parser) oneOf(n *yaml.Node, path string, choices ...string) (string, error) {
	s, err := p.scalar(n, path, "one of "+strings.Join(choices, ", "))
	if err != nil {
		return "", err
	}
	if !slices.Contains(choices, s) {
		return "", p.errf(n, path, "%q: want one of %s", s, strings.Join(choices, ", "))
	}
	return s, nil
}

// yamlSpecial reports YAML's spellings of NaN and infinity (.nan, -.inf).
func yamlSpecial(s string) bool {
	switch strings.ToLower(strings.TrimLeft(strings.TrimSpace(s), "+-")) {
	case ".nan", ".inf":
		return true
	}
	return false
}

func (p *parser) num(n *yaml.Node, path string) (float64, error) {
	s, err := p.scalar(n, path, "a number")
	if err != nil {
		return 0, err
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || yamlSpecial(s) {
		return 0, p.errf(n, path, "%q: want a finite number", s)
	}
	return x, nil
}

// numIn reads a finite number for which ok holds; want says what else
// it wanted.
func (p *parser) numIn(n *yaml.Node, path string, ok func(float64) bool, want string) (float64, error) {
	x, err := p.num(n, path)
	if err == nil && !ok(x) {
		return 0, p.errf(n, path, "%v: want %s", x, want)
	}
	return x, err
}

// level reads a level strictly between 0 and 1 (an interval's, a test's alpha).
func (p *parser) level(n *yaml.Node, path string) (float64, error) {
	return p.numIn(n, path, func(x float64) bool { return x > 0 && x < 1 }, "a level between 0 and 1, such as 0.95")
}

func (p *parser) nonNeg(n *yaml.Node, path string) (float64, error) {
	return p.numIn(n, path, func(x float64) bool { return x >= 0 }, "a number >= 0")
}

func (p *parser) intMin(n *yaml.Node, path string, min int) (int, error) {
	s, err := p.scalar(n, path, "an integer")
	if err != nil {
		return 0, err
	}
	x, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, p.errf(n, path, "%q: want an integer", s)
	}
	if x < min {
		return 0, p.errf(n, path, "%d: want at least %d", x, min)
	}
	return x, nil
}

func (p *parser) uint(n *yaml.Node, path string) (uint64, error) {
	s, err := p.scalar(n, path, "a non-negative integer")
	if err != nil {
		return 0, err
	}
	x, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0, p.errf(n, path, "%q: want a non-negative integer", s)
	}
	return x, nil
}

func (p *parser) boolean(n *yaml.Node, path string) (bool, error) {
	s, err := p.scalar(n, path, "true or false")
	if err != nil {
		return false, err
	}
	switch strings.TrimSpace(s) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, p.errf(n, path, "%q: want true or false", s)
}

func (p *parser) duration(n *yaml.Node, path string) (time.Duration, error) {
	s, err := p.scalar(n, path, "a duration such as 5s")
	if err != nil {
		return 0, err
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d <= 0 {
		return 0, p.errf(n, path, "%q: want a positive duration such as 500ms or 5s", s)
	}
	return d, nil
}

// strList reads a list of non-empty strings; a single string is a list of one.
func (p *parser) strList(n *yaml.Node, path string) ([]string, error) {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		s, err := p.str(n, path)
		if err != nil {
			return nil, err
		}
		return []string{s}, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.errf(n, path, "want a list of strings, got %s", kindName(n))
	}
	if len(n.Content) == 0 {
		return nil, p.errf(n, path, "empty list")
	}
	var out []string
	for i, c := range n.Content {
		s, err := p.str(c, fmt.Sprintf("%s[%d]", path, i))
		if err != nil {
			return nil, err
		}
		if slices.Contains(out, s) {
			return nil, p.errf(c, fmt.Sprintf("%s[%d]", path, i), "%q listed twice", s)
		}
		out = append(out, s)
	}
	return out, nil
}

// numMap reads a mapping of names (from allowed, nil for any) to numbers >= 0.
func (p *parser) numMap(n *yaml.Node, path string, allowed []string) (map[string]float64, error) {
	return p.numMapOf(n, path, allowed, (*parser).nonNeg)
}

// numMapOf reads a mapping of names (from allowed, nil for any) to numbers
// read by read.
func (p *parser) numMapOf(n *yaml.Node, path string, allowed []string, read func(*parser, *yaml.Node, string) (float64, error)) (map[string]float64, error) {
	m := map[string]float64{}
	err := p.mapping(n, path, allowed, func(key string, v *yaml.Node, path string) error {
		x, err := read(p, v, path)
		m[key] = x
		return err
	})
	if err == nil && len(m) == 0 {
		return nil, p.errf(n, path, "empty mapping")
	}
	return m, err
}

// filePath reads a path, resolves it against the suite's directory and checks
// the file exists.
func (p *parser) filePath(n *yaml.Node, path string) (string, error) {
	s, err := p.str(n, path)
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(s) {
		s = filepath.Join(p.dirOrDot(), s)
	}
	st, err := os.Stat(s)
	if err != nil {
		return "", p.errf(n, path, "%s: %s", s, unwrapPathError(err))
	}
	if st.IsDir() {
		return "", p.errf(n, path, "%s is a directory: want a file", s)
	}
	return s, nil
}

func (p *parser) dirOrDot() string {
	if p.opt.Dir == "" {
		return "."
	}
	return p.opt.Dir
}

// bound reads a threshold bound: a number, "baseline", or
// "baseline + X" / "baseline - X".
func (p *parser) bound(n *yaml.Node, path string) (*Bound, error) {
	s, err := p.scalar(n, path, `a number or "baseline - X"`)
	if err != nil {
		return nil, err
	}
	t := strings.TrimSpace(s)
	if x, err := strconv.ParseFloat(t, 64); err == nil || yamlSpecial(t) {
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, p.errf(n, path, "%q: want a finite number", s)
		}
		return &Bound{Offset: x, Text: t}, nil
	}
	rest, ok := strings.CutPrefix(t, "baseline")
	if !ok {
		return nil, p.errf(n, path, `%q: want a number, "baseline", "baseline - X" or "baseline + X"`, s)
	}
	rest = strings.TrimSpace(rest)
	b := &Bound{Baseline: true, Text: t}
	if rest == "" {
		return b, nil
	}
	sign := 1.0
	switch rest[0] {
	case '+':
	case '-':
		sign = -1
	default:
		return nil, p.errf(n, path, `%q: want "baseline - X" or "baseline + X"`, s)
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(rest[1:]), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
		return nil, p.errf(n, path, `%q: want "baseline - X" or "baseline + X" with X a number >= 0`, s)
	}
	b.Offset = sign * x
	return b, nil
}
