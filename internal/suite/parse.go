package suite

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/metrics"
)

// LoadOptions configure how a suite file is read.
type LoadOptions struct {
	// Vars are variables for ${NAME}; they take precedence over the
	// environment, which takes precedence over the suite's own vars:.
	Vars map[string]string
	// Getenv looks up environment variables; nil means os.LookupEnv.
	Getenv func(string) (string, bool)
	// Dir is the directory relative paths are resolved against; "" means
	// the suite file's directory.
	Dir string
}

// Load reads and validates the suite file at path.
func Load(path string, opt LoadOptions) (*Suite, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read the suite: " + unwrapPathError(err)}
	}
	if opt.Dir == "" {
		opt.Dir = filepath.Dir(path)
	}
	return Parse(data, path, opt)
}

func unwrapPathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse reads a suite from data; file names it in errors. Relative paths
// are resolved against opt.Dir and every file the suite names must exist.
func Parse(data []byte, file string, opt LoadOptions) (*Suite, error) {
	p := &parser{file: file, opt: opt, suiteVars: map[string]string{}}
	if p.opt.Getenv == nil {
		p.opt.Getenv = os.LookupEnv
	}
	s, err := p.parse(data)
	if err != nil {
		return nil, err
	}
	return s, nil
}

type parser struct {
	file      string
	opt       LoadOptions
	suiteVars map[string]string
}

// yamlLine finds the line number yaml.v3 puts in its syntax errors.
var yamlLine = regexp.MustCompile(`line (\d+)`)

func (p *parser) parse(data []byte) (*Suite, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
		}
		return nil, &Error{File: p.file, Line: line, Msg: "not valid YAML: " + msg}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &Error{File: p.file, Msg: "empty suite: want a mapping with name, data and checks"}
	}
	root := doc.Content[0]
	if err := checkNoAliases(p.file, root); err != nil {
		return nil, err
	}
	s := &Suite{File: p.file, Dir: p.opt.Dir, Concurrency: DefaultConcurrency, Sources: map[string]*Source{}}
	if s.Dir == "" {
		s.Dir = "."
	}
	// vars first: every other value may use them.
	if root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "vars" {
				if err := p.vars(root.Content[i+1]); err != nil {
					return nil, err
				}
			}
		}
	}
	var dataNode, checksNode *yaml.Node
	err := p.mapping(root, "", suiteKeys, func(key string, v *yaml.Node, path string) error {
		var err error
		switch key {
		case "name":
			s.Name, err = p.str(v, path)
		case "description":
			s.Description, err = p.str(v, path)
		case "model_version":
			s.ModelVersion, err = p.str(v, path)
		case "concurrency":
			s.Concurrency, err = p.intMin(v, path, 1)
		case "vars":
		case "data":
			dataNode = v
		case "checks":
			checksNode = v
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if s.Name == "" {
		return nil, p.errf(root, "name", "required: the suite's name (used in reports and baselines)")
	}
	if dataNode != nil {
		if err := p.sources(s, dataNode); err != nil {
			return nil, err
		}
	}
	if checksNode == nil {
		return nil, p.errf(root, "checks", "required: a list of checks")
	}
	if err := p.checks(s, checksNode); err != nil {
		return nil, err
	}
	return s, nil
}

// checkNoAliases rejects anchors and aliases: a suite is short, and an alias
// would make one key's line number stand for several places.
func checkNoAliases(file string, n *yaml.Node) error {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return &Error{File: file, Line: n.Line, Msg: "YAML anchors and aliases (&, *) are not supported in a suite: write the value out"}
	}
	for _, c := range n.Content {
		if err := checkNoAliases(file, c); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) lookup(name string) (string, bool) {
	if v, ok := p.opt.Vars[name]; ok {
		return v, true
	}
	if v, ok := p.opt.Getenv(name); ok {
		return v, true
	}
	v, ok := p.suiteVars[name]
	return v, ok
}

func (p *parser) vars(n *yaml.Node) error {
	return p.mapping(n, "vars", nil, func(key string, v *yaml.Node, path string) error {
		if !validVarName(key) {
			return p.errf(v, path, "a variable name is letters, digits and _, not starting with a digit")
		}
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			return p.errf(v, path, "want a value (string or number), got %s", kindName(v))
		}
		s, err := expand(v.Value, p.lookup) // earlier vars may be used
		if err != nil {
			return p.errf(v, path, "%v", err)
		}
		p.suiteVars[key] = s
		return nil
	})
}

// mapping walks the mapping n, calling f for each key in allowed (nil: any
// key), and rejects any other key, a duplicate key or a non-mapping.
func (p *parser) mapping(n *yaml.Node, path string, allowed []string, f func(key string, v *yaml.Node, path string) error) error {
	if n.Kind != yaml.MappingNode {
		return p.errf(n, path, "want a mapping (key: value lines), got %s", kindName(n))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return p.errf(k, path, "a key must be a plain name, got %s", kindName(k))
		}
		key := k.Value
		if first, dup := seen[key]; dup {
			return p.errf(k, path, "duplicate key %q (first at line %d)", key, first)
		}
		seen[key] = k.Line
		if allowed != nil && !slices.Contains(allowed, key) {
			return p.errf(k, path, "unknown key %q (expected %s)", key, strings.Join(allowed, ", "))
		}
		if err := f(key, v, joinPath(path, key)); err != nil {
			return err
		}
	}
	return nil
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (p *parser) errf(n *yaml.Node, path, format string, args ...any) *Error {
	return &Error{File: p.file, Line: n.Line, Path: path, Msg: fmt.Sprintf(format, args...)}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "a document"
}

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

// numIn reads a number in [lo, hi] (open ends when open is true).
func (p *parser) level(n *yaml.Node, path string) (float64, error) {
	x, err := p.num(n, path)
	if err != nil {
		return 0, err
	}
	if !(x > 0 && x < 1) {
		return 0, p.errf(n, path, "%v: want a level between 0 and 1, such as 0.95", x)
	}
	return x, nil
}

func (p *parser) nonNeg(n *yaml.Node, path string) (float64, error) {
	x, err := p.num(n, path)
	if err != nil {
		return 0, err
	}
	if x < 0 {
		return 0, p.errf(n, path, "%v: want a number >= 0", x)
	}
	return x, nil
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
	m := map[string]float64{}
	err := p.mapping(n, path, allowed, func(key string, v *yaml.Node, path string) error {
		x, err := p.nonNeg(v, path)
		m[key] = x
		return err
	})
	if err == nil && len(m) == 0 {
		return nil, p.errf(n, path, "empty mapping")
	}
	return m, err
}

// file reads a path, resolves it against the suite's directory and checks
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

func (p *parser) sources(s *Suite, n *yaml.Node) error {
	return p.mapping(n, "data", nil, func(name string, v *yaml.Node, path string) error {
		src := &Source{Name: name, Line: v.Line, QueryID: "qid", RelevanceLevel: 1}
		err := p.mapping(v, path, sourceKeys, func(key string, v *yaml.Node, path string) error {
			var err error
			switch key {
			case "path":
				src.Path, err = p.filePath(v, path)
			case "format":
				src.Format, err = p.oneOf(v, path, "csv", "jsonl", "parquet")
			case "label":
				src.Label, err = p.str(v, path)
			case "score":
				src.Scores, err = p.strList(v, path)
			case "classes":
				src.Classes, err = p.strList(v, path)
				if err == nil && len(src.Classes) < 2 {
					err = p.errf(v, path, "want at least 2 class names")
				}
			case "weight":
				src.Weight, err = p.str(v, path)
			case "id":
				src.ID, err = p.str(v, path)
			case "cluster":
				src.Cluster, err = p.str(v, path)
			case "slices":
				src.Slices, err = p.strList(v, path)
			case "qrels":
				src.Qrels, err = p.filePath(v, path)
			case "run":
				src.Run, err = p.filePath(v, path)
			case "queries":
				src.Queries, err = p.filePath(v, path)
			case "query_id":
				src.QueryID, err = p.str(v, path)
			case "relevance_level":
				src.RelevanceLevel, err = p.intMin(v, path, math.MinInt)
			}
			return err
		})
		if err != nil {
			return err
		}
		switch {
		case src.Path != "" && (src.Qrels != "" || src.Run != ""):
			return p.errf(v, path, "give either path (a predictions table) or qrels and run (a ranking), not both")
		case src.Path == "" && (src.Qrels == "") != (src.Run == ""):
			return p.errf(v, path, "a ranking needs both qrels and run")
		case src.Path == "" && src.Qrels == "":
			return p.errf(v, path, "want path (a predictions table) or qrels and run (a ranking)")
		}
		if src.Path != "" && src.Format == "" {
			switch dataio.FormatOf(src.Path) {
			case dataio.CSV, dataio.JSONL, dataio.Parquet:
			default:
				return p.errf(v, path+".path", "%s: cannot tell the format from the name (.csv, .jsonl, .ndjson, optionally .gz, or .parquet): add format:", src.Path)
			}
		}
		if len(src.Classes) > 0 && len(src.Scores) > 1 && len(src.Classes) != len(src.Scores) {
			return p.errf(v, path+".classes", "names %d classes, score names %d columns", len(src.Classes), len(src.Scores))
		}
		if src.Ranking() {
			for _, k := range []struct{ key, val string }{{"label", src.Label}, {"weight", src.Weight}, {"cluster", src.Cluster}, {"format", src.Format}} {
				if k.val != "" {
					return p.errf(v, path+"."+k.key, "does not apply to a ranking (qrels and run)")
				}
			}
			if len(src.Scores) > 0 {
				return p.errf(v, path+".score", "does not apply to a ranking (runs carry their scores)")
			}
			if len(src.Slices) > 0 && src.Queries == "" {
				return p.errf(v, path+".slices", "a ranking's slices are columns of a queries table: add queries: FILE")
			}
		} else if src.Queries != "" {
			return p.errf(v, path+".queries", "applies to a ranking (qrels and run) only")
		}
		s.Sources[name] = src
		s.Order = append(s.Order, name)
		return nil
	})
}

func (p *parser) checks(s *Suite, n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return p.errf(n, "checks", "want a list of checks (lines starting with -), got %s", kindName(n))
	}
	if len(n.Content) == 0 {
		return p.errf(n, "checks", "empty: a suite needs at least one check")
	}
	names := map[string]int{}
	for i, cn := range n.Content {
		path := fmt.Sprintf("checks[%d]", i)
		c, err := p.check(s, cn, path)
		if err != nil {
			return err
		}
		if first, dup := names[c.Name]; dup {
			return p.errf(cn, path+".name", "duplicate check name %q (first at line %d): names must be unique", c.Name, first)
		}
		names[c.Name] = c.Line
		s.Checks = append(s.Checks, c)
	}
	return nil
}

func (p *parser) check(s *Suite, n *yaml.Node, path string) (*Check, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errf(n, path, "want a mapping with name, type and the type's keys, got %s", kindName(n))
	}
	c := &Check{Severity: SeverityFail, Line: n.Line}
	// type first: it says which other keys are allowed.
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "type" {
			t, err := p.oneOf(n.Content[i+1], path+".type", TypeMetric, TypeCompare, TypeParity, TypeGolden, TypeDrift)
			if err != nil {
				return nil, err
			}
			c.Type = t
		}
	}
	if c.Type == "" {
		return nil, p.errf(n, path+".type", "required: metric, compare, parity, golden or drift")
	}
	var typeKeys []string
	switch c.Type {
	case TypeMetric:
		typeKeys = metricKeys
		c.Metric = &MetricCheck{MinSliceN: 30, Bootstrap: 1000, Seed: 1, DecisionThreshold: 0.5, K: 2}
	case TypeCompare:
		typeKeys = compareKeys
		c.Compare = &CompareCheck{Alpha: 0.05, CI: 0.95, Bootstrap: 1000, Trials: 10000, Seed: 1, MinSliceN: 30, DecisionThreshold: 0.5, K: 2}
	case TypeParity:
		typeKeys = parityKeys
		c.Parity = &ParityCheck{Protocol: "v2", AbsTol: 1e-6, Concurrency: 8, Batch: 32, Timeout: 5 * time.Second, Retries: 2}
	case TypeGolden:
		typeKeys = goldenKeys
		c.Golden = &GoldenCheck{}
	case TypeDrift:
		typeKeys = driftKeys
		c.Drift = &DriftCheck{Bins: 10}
	}
	allowed := append(append([]string(nil), checkKeys...), typeKeys...)
	lines := map[string]*yaml.Node{}
	err := p.mapping(n, path, allowed, func(key string, v *yaml.Node, kpath string) error {
		lines[key] = v
		var err error
		switch key {
		case "name":
			c.Name, err = p.str(v, kpath)
		case "type":
		case "severity":
			c.Severity, err = p.oneOf(v, kpath, SeverityFail, SeverityWarn)
		case "description":
			c.Description, err = p.str(v, kpath)
		default:
			switch c.Type {
			case TypeMetric:
				err = p.metricKey(c.Metric, key, v, kpath)
			case TypeCompare:
				err = p.compareKey(c.Compare, key, v, kpath)
			case TypeParity:
				err = p.parityKey(c.Parity, key, v, kpath)
			case TypeGolden:
				err = p.goldenKey(c.Golden, key, v, kpath)
			case TypeDrift:
				err = p.driftKey(c.Drift, key, v, kpath)
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if c.Name == "" {
		return nil, p.errf(n, path+".name", "required: a name, unique in the suite")
	}
	required := func(keys ...string) error {
		for _, k := range keys {
			if lines[k] == nil {
				return p.errf(n, path+"."+k, "required for a %s check", c.Type)
			}
		}
		return nil
	}
	source := func(key string, want func(*Source) string) (*Source, error) {
		v := lines[key]
		name := v.Value
		name, _ = expand(name, p.lookup)
		src := s.Sources[name]
		if src == nil {
			return nil, p.errf(v, path+"."+key, "no data source %q (defined: %s)", name, strings.Join(s.Order, ", "))
		}
		if msg := want(src); msg != "" {
			return nil, p.errf(v, path+"."+key, "data source %q (line %d) %s", name, src.Line, msg)
		}
		return src, nil
	}
	switch c.Type {
	case TypeMetric:
		m := c.Metric
		if err := required("data", "metric", "threshold"); err != nil {
			return nil, err
		}
		src, err := source("data", func(*Source) string { return "" })
		if err != nil {
			return nil, err
		}
		m.Data = src.Name
		if err := p.checkMetric(m, src, lines, path); err != nil {
			return nil, err
		}
	case TypeCompare:
		m := c.Compare
		if err := required("baseline", "candidate"); err != nil {
			return nil, err
		}
		var srcs [2]*Source
		for i, key := range []string{"baseline", "candidate"} {
			if srcs[i], err = source(key, func(*Source) string { return "" }); err != nil {
				return nil, err
			}
		}
		if err := p.checkCompare(m, srcs[0], srcs[1], lines, path); err != nil {
			return nil, err
		}
	case TypeParity:
		if err := required("requests", "url"); err != nil {
			return nil, err
		}
		if err := p.checkParity(c.Parity, n, lines, path); err != nil {
			return nil, err
		}
	case TypeGolden:
		if err := required("file", "golden"); err != nil {
			return nil, err
		}
	case TypeDrift:
		if err := required("reference", "current", "features"); err != nil {
			return nil, err
		}
		table := func(src *Source) string {
			if src.Ranking() {
				return "is a ranking: drift compares the columns of two tables (path)"
			}
			return ""
		}
		ref, err := source("reference", table)
		if err != nil {
			return nil, err
		}
		cur, err := source("current", table)
		if err != nil {
			return nil, err
		}
		c.Drift.Reference, c.Drift.Current = ref.Name, cur.Name
		for _, f := range c.Drift.Categorical {
			if !slices.Contains(c.Drift.Features, f) {
				return nil, p.errf(lines["categorical"], path+".categorical", "%q is not one of features", f)
			}
		}
	}
	return c, nil
}

var tasks = []string{"binary", "multiclass", "regression", "ranking"}

func (p *parser) metricKey(m *MetricCheck, key string, v *yaml.Node, path string) error {
	var err error
	switch key {
	case "data":
		_, err = p.str(v, path)
	case "task":
		m.Task, err = p.oneOf(v, path, tasks...)
	case "metric":
		m.Metric, err = p.str(v, path)
	case "threshold":
		err = p.threshold(&m.Threshold, v, path)
	case "per_slice":
		m.PerSlice, err = p.boolean(v, path)
	case "min_slice_n":
		m.MinSliceN, err = p.intMin(v, path, 1)
	case "ci":
		m.CI, err = p.level(v, path)
	case "bootstrap":
		m.Bootstrap, err = p.intMin(v, path, 1)
	case "seed":
		m.Seed, err = p.uint(v, path)
	case "require_interval":
		m.RequireInterval, err = p.boolean(v, path)
	case "decision_threshold":
		m.DecisionThreshold, err = p.num(v, path)
	case "k":
		m.K, err = p.intMin(v, path, 1)
	}
	return err
}

func (p *parser) threshold(t *Threshold, n *yaml.Node, path string) error {
	err := p.mapping(n, path, thresholdKeys, func(key string, v *yaml.Node, path string) error {
		var err error
		switch key {
		case "min":
			t.Min, err = p.bound(v, path)
		case "max":
			t.Max, err = p.bound(v, path)
		case "max_drop":
			var x float64
			x, err = p.nonNeg(v, path)
			t.MaxDrop = &x
		case "direction":
			t.Direction, err = p.oneOf(v, path, "higher", "lower")
		}
		return err
	})
	if err != nil {
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

// taskOf returns the task of a check on src: ranking for a ranking source,
// otherwise the task the check names.
func (p *parser) taskOf(task string, src *Source, n *yaml.Node, path string) (string, error) {
	if src.Ranking() {
		if task != "" && task != "ranking" {
			return "", p.errf(n, path+".task", "%q, but data source %q is a ranking (qrels and run)", task, src.Name)
		}
		return "ranking", nil
	}
	switch task {
	case "":
		return "", p.errf(n, path+".task", "required for a predictions table: binary, multiclass or regression")
	case "ranking":
		return "", p.errf(n, path+".task", "ranking needs a data source with qrels and run; %q is a table", src.Name)
	}
	return task, nil
}

// needColumns reports a column the task needs that the source does not name.
func needColumns(task string, src *Source) string {
	if src.Ranking() {
		return ""
	}
	if src.Label == "" {
		return "names no label column"
	}
	if len(src.Scores) == 0 {
		return "names no score column"
	}
	if task != "multiclass" && len(src.Scores) != 1 {
		return fmt.Sprintf("names %d score columns: a %s task takes one", len(src.Scores), task)
	}
	return ""
}

// metricNames returns the metric names a task knows.
func metricNames(task string) []string {
	switch task {
	case "binary":
		return metrics.BinaryMetricNames()
	case "multiclass":
		return metrics.MulticlassMetricNames()
	case "regression":
		return metrics.RegressionMetricNames()
	}
	return nil
}

// rankingValue returns the trec_eval value name a metric names ("ndcg_cut_10",
// "P_10", "map"), or an error.
func rankingValue(name string) (string, error) {
	args := []string{rankingMeasureArg(name)}
	ms, err := metrics.ParseTrecMeasures(args)
	if err != nil {
		return "", err
	}
	for _, v := range metrics.NewTrecEval(ms).Values() {
		if v.Name == name && !v.Count && !v.SummaryOnly {
			return name, nil
		}
	}
	return "", fmt.Errorf("%q is not a per-query ranking measure (such as map, ndcg, ndcg_cut_10, P_10, recip_rank, recall_100)", name)
}

// rankingMeasureArg turns a value name into trec_eval's -m form:
// "ndcg_cut_10" -> "ndcg_cut.10", "P_10" -> "P.10", "map" -> "map".
func rankingMeasureArg(name string) string {
	i := strings.LastIndexByte(name, '_')
	if i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			return name[:i] + "." + name[i+1:]
		}
	}
	return name
}

func (p *parser) checkMetric(m *MetricCheck, src *Source, lines map[string]*yaml.Node, path string) error {
	task, err := p.taskOf(m.Task, src, lines["data"], path)
	if err != nil {
		return err
	}
	m.Task = task
	if msg := needColumns(task, src); msg != "" {
		return p.errf(lines["data"], path+".data", "data source %q (line %d) %s", src.Name, src.Line, msg)
	}
	if task == "ranking" {
		if _, err := rankingValue(m.Metric); err != nil {
			return p.errf(lines["metric"], path+".metric", "%v", err)
		}
	} else if names := metricNames(task); !slices.Contains(names, m.Metric) {
		return p.errf(lines["metric"], path+".metric", "unknown %s metric %q (known: %s)", task, m.Metric, strings.Join(names, " "))
	}
	if m.PerSlice && len(src.Slices) == 0 {
		return p.errf(lines["per_slice"], path+".per_slice", "data source %q (line %d) names no slices", src.Name, src.Line)
	}
	if m.RequireInterval && m.CI == 0 {
		return p.errf(lines["require_interval"], path+".require_interval", "needs an interval: set ci (such as 0.95)")
	}
	return nil
}

func (p *parser) compareKey(m *CompareCheck, key string, v *yaml.Node, path string) error {
	var err error
	switch key {
	case "baseline", "candidate":
		_, err = p.str(v, path)
		if key == "baseline" {
			m.Baseline = v.Value
		} else {
			m.Candidate = v.Value
		}
	case "task":
		m.Task, err = p.oneOf(v, path, tasks...)
	case "metrics":
		m.Metrics, err = p.strList(v, path)
	case "max_regression":
		m.MaxRegression, err = p.numMap(v, path, nil)
	case "require_better":
		m.RequireBetter, err = p.strList(v, path)
	case "alpha":
		m.Alpha, err = p.level(v, path)
	case "ci":
		m.CI, err = p.level(v, path)
	case "bootstrap":
		m.Bootstrap, err = p.intMin(v, path, 1)
	case "trials":
		m.Trials, err = p.intMin(v, path, 1)
	case "seed":
		m.Seed, err = p.uint(v, path)
	case "per_slice":
		m.PerSlice, err = p.boolean(v, path)
	case "min_slice_n":
		m.MinSliceN, err = p.intMin(v, path, 1)
	case "decision_threshold":
		m.DecisionThreshold, err = p.num(v, path)
	case "k":
		m.K, err = p.intMin(v, path, 1)
	}
	return err
}

func (p *parser) checkCompare(m *CompareCheck, base, cand *Source, lines map[string]*yaml.Node, path string) error {
	m.Baseline, m.Candidate = base.Name, cand.Name
	if base == cand {
		return p.errf(lines["candidate"], path+".candidate", "the same data source as baseline: compare two models' predictions")
	}
	task, err := p.taskOf(m.Task, base, lines["baseline"], path)
	if err != nil {
		return err
	}
	if base.Ranking() != cand.Ranking() {
		return p.errf(lines["candidate"], path+".candidate", "data source %q and baseline %q must both be tables or both rankings", cand.Name, base.Name)
	}
	m.Task = task
	for _, src := range []*Source{base, cand} {
		if msg := needColumns(task, src); msg != "" {
			return p.errf(lines["baseline"], path, "data source %q (line %d) %s", src.Name, src.Line, msg)
		}
		if !src.Ranking() && src.ID == "" {
			return p.errf(lines["baseline"], path, "data source %q (line %d) names no id column: compare joins rows by id", src.Name, src.Line)
		}
	}
	if task == "ranking" {
		if base.Qrels != cand.Qrels {
			return p.errf(lines["candidate"], path+".candidate", "data source %q is judged by %s, baseline %q by %s: compare needs the same qrels", cand.Name, cand.Qrels, base.Name, base.Qrels)
		}
		for i, name := range m.Metrics {
			if _, err := rankingValue(name); err != nil {
				return p.errf(lines["metrics"], fmt.Sprintf("%s.metrics[%d]", path, i), "%v", err)
			}
		}
	} else {
		names := metricNames(task)
		for i, name := range m.Metrics {
			if !slices.Contains(names, name) {
				return p.errf(lines["metrics"], fmt.Sprintf("%s.metrics[%d]", path, i), "unknown %s metric %q (known: %s)", task, name, strings.Join(names, " "))
			}
		}
	}
	compared := m.Metrics
	if compared == nil {
		if task == "ranking" {
			compared = []string{"map", "recip_rank", "P_10", "ndcg_cut_10"}
		} else {
			compared = metricNames(task)
		}
	}
	for name := range m.MaxRegression {
		if !slices.Contains(compared, name) {
			return p.errf(lines["max_regression"], path+".max_regression."+name, "not a compared metric (compared: %s)", strings.Join(compared, " "))
		}
	}
	for _, name := range m.RequireBetter {
		if !slices.Contains(compared, name) {
			return p.errf(lines["require_better"], path+".require_better", "%q is not a compared metric (compared: %s)", name, strings.Join(compared, " "))
		}
	}
	if m.PerSlice && len(base.Slices) == 0 {
		return p.errf(lines["per_slice"], path+".per_slice", "baseline data source %q (line %d) names no slices", base.Name, base.Line)
	}
	return nil
}

func (p *parser) goldenKey(m *GoldenCheck, key string, v *yaml.Node, path string) error {
	var err error
	switch key {
	case "file":
		m.File, err = p.filePath(v, path)
	case "golden":
		m.Golden, err = p.filePath(v, path)
	}
	return err
}

// DriftStats are the statistics a drift check's thresholds may bound, by
// harness/skew's names: a feature drifts when one is above its bound
// (ks_pvalue: below).
var DriftStats = []string{"psi", "js_distance", "linf", "ks_d", "wasserstein_norm", "smd", "missing_rate_diff", "ks_pvalue"}

func (p *parser) driftKey(m *DriftCheck, key string, v *yaml.Node, path string) error {
	var err error
	switch key {
	case "reference":
		_, err = p.str(v, path)
		m.Reference = v.Value
	case "current":
		_, err = p.str(v, path)
		m.Current = v.Value
	case "features":
		m.Features, err = p.strList(v, path)
	case "categorical":
		m.Categorical, err = p.strList(v, path)
	case "bins":
		m.Bins, err = p.intMin(v, path, 2)
	case "thresholds":
		m.Thresholds, err = p.numMap(v, path, DriftStats)
		for _, name := range DriftStats {
			if x, ok := m.Thresholds[name]; ok && x == 0 && err == nil {
				err = p.errf(v, path+"."+name, "0: want a bound > 0 (leave the statistic out to not check it)")
			}
		}
	}
	return err
}
