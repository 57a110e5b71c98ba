package suite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
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
	if _, err := p.readFields(root, "", suiteFields(s, &dataNode, &checksNode)); err != nil {
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
