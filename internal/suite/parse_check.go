package suite

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

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

// A checkNode is a check being read: its mapping, its path and the value
// node of every key it gives, for the rules across keys.
type checkNode struct {
	node  *yaml.Node
	path  string
	given map[string]*yaml.Node
}

// check reads one check: its type first, which says which keys are
// allowed (checkFields and the type's), then every key, then the type's
// required keys and its rules across keys.
func (p *parser) check(s *Suite, n *yaml.Node, path string) (*Check, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errf(n, path, "want a mapping with name, type and the type's keys, got %s", kindName(n))
	}
	c := &Check{Severity: SeverityFail, Line: n.Line}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "type" {
			t, err := p.oneOf(n.Content[i+1], path+".type", typeNames()...)
			if err != nil {
				return nil, err
			}
			c.Type = t
		}
	}
	t, ok := lookupType(c.Type)
	if !ok {
		return nil, p.errf(n, path+".type", "required: %s", orList(typeNames()))
	}
	typeFields := t.fields(c)
	given, err := p.readFields(n, path, append(checkFields(c), typeFields...))
	if err != nil {
		return nil, err
	}
	if c.Name == "" {
		return nil, p.errf(n, path+".name", "required: a name, unique in the suite")
	}
	for _, f := range typeFields {
		if f.required && given[f.key] == nil {
			return nil, p.errf(n, path+"."+f.key, "required for %s %s check", article(c.Type), c.Type)
		}
	}
	if t.finish != nil {
		if err := t.finish(p, s, c, checkNode{n, path, given}); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// article returns "an" before a word starting with a vowel, "a" otherwise.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// source resolves the data source a check names at key; want says what is
// wrong with a source of the wrong kind ("" when it will do).
func (p *parser) source(s *Suite, at checkNode, key string, want func(*Source) string) (*Source, error) {
	v := at.given[key]
	name, _ := expand(v.Value, p.lookup)
	src := s.Sources[name]
	if src == nil {
		return nil, p.errf(v, at.path+"."+key, "no data source %q (defined: %s)", name, strings.Join(s.Order, ", "))
	}
	if msg := want(src); msg != "" {
		return nil, p.errf(v, at.path+"."+key, "data source %q (line %d) %s", name, src.Line, msg)
	}
	return src, nil
}

// anySource accepts every data source.
func anySource(*Source) string { return "" }

func (p *parser) finishDrift(s *Suite, c *Check, at checkNode) error {
	table := func(src *Source) string {
		if src.Ranking() {
			return "is a ranking: drift compares the columns of two tables (path)"
		}
		return ""
	}
	ref, err := p.source(s, at, "reference", table)
	if err != nil {
		return err
	}
	cur, err := p.source(s, at, "current", table)
	if err != nil {
		return err
	}
	c.Drift.Reference, c.Drift.Current = ref.Name, cur.Name
	for _, f := range c.Drift.Categorical {
		if !slices.Contains(c.Drift.Features, f) {
			return p.errf(at.given["categorical"], at.path+".categorical", "%q is not one of features", f)
		}
	}
	return nil
}
