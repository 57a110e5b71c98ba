package cliflag

import (
	"fmt"
	"strings"
)

// Pairs is a repeatable KEY=VALUE flag (compare's --max-regression, skew's
// --kind): each value is read by Parse and kept in M under its key, spaces
// around the key trimmed when TrimKey. A pair without "=" or with an empty
// key is an error that shows Form, such as "METRIC=DELTA".
type Pairs[V any] struct {
	M       map[string]V
	Form    string
	TrimKey bool
	Parse   func(key, value string) (V, error)
}

func (p *Pairs[V]) String() string { return "" }

func (p *Pairs[V]) Set(s string) error {
	key, value, ok := strings.Cut(s, "=")
	if p.TrimKey {
		key = strings.TrimSpace(key)
	}
	if !ok || key == "" {
		return fmt.Errorf("want %s, got %q", p.Form, s)
	}
	v, err := p.Parse(key, value)
	if err != nil {
		return err
	}
	p.M[key] = v
	return nil
}
