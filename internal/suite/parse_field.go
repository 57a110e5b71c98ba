package suite

import (
	"time"

	"gopkg.in/yaml.v3"
)

// A field is one key of a part of a suite file (the top level, a data
// source, a check, a threshold, a check type's keys) and how its value is
// read. The schema in keys.go is lists of fields, bound to the value being
// filled, much as a flag.FlagSet binds flags to variables: the list says
// which keys exist (Keys, and the "unknown key" message), in what order
// they are named, which are required, and what each value must be.
type field struct {
	key      string
	read     reader
	required bool // a check type's key that must be given ("required for a metric check")
}

// A reader reads the value node v of a key at path into where the field
// binds it, or says what is wrong with it.
type reader func(p *parser, v *yaml.Node, path string) error

// key is an optional field.
func key(name string, read reader) field { return field{key: name, read: read} }

// requiredKey is a field a check of its type must give.
func requiredKey(name string, read reader) field {
	return field{key: name, read: read, required: true}
}

func fieldKeys(fs []field) []string {
	keys := make([]string, len(fs))
	for i, f := range fs {
		keys[i] = f.key
	}
	return keys
}

// readFields reads the mapping n by fs: each key through its field's reader,
// in file order, rejecting a key fs does not name (see mapping). It returns
// the value node of every key given, for the rules across keys.
func (p *parser) readFields(n *yaml.Node, path string, fs []field) (map[string]*yaml.Node, error) {
	given := map[string]*yaml.Node{}
	err := p.mapping(n, path, fieldKeys(fs), func(key string, v *yaml.Node, path string) error {
		given[key] = v
		for _, f := range fs {
			if f.key == key {
				return f.read(p, v, path)
			}
		}
		return nil
	})
	return given, err
}

// into binds a value reader to the variable its value goes to.
func into[T any](dst *T, read func(*parser, *yaml.Node, string) (T, error)) reader {
	return func(p *parser, v *yaml.Node, path string) error {
		x, err := read(p, v, path)
		*dst = x
		return err
	}
}

// The readers of the schema, by the kind of value a key holds.

func text(dst *string) reader                    { return into(dst, (*parser).str) }
func number(dst *float64) reader                 { return into(dst, (*parser).num) }
func nonNegative(dst *float64) reader            { return into(dst, (*parser).nonNeg) }
func probability(dst *float64) reader            { return into(dst, (*parser).level) }
func unsigned(dst *uint64) reader                { return into(dst, (*parser).uint) }
func flag(dst *bool) reader                      { return into(dst, (*parser).boolean) }
func positiveDuration(dst *time.Duration) reader { return into(dst, (*parser).duration) }
func list(dst *[]string) reader                  { return into(dst, (*parser).strList) }
func file(dst *string) reader                    { return into(dst, (*parser).filePath) }
func thresholdBound(dst **Bound) reader          { return into(dst, (*parser).bound) }

// choice reads one of choices.
func choice(dst *string, choices ...string) reader {
	return into(dst, func(p *parser, n *yaml.Node, path string) (string, error) {
		return p.oneOf(n, path, choices...)
	})
}

// integer reads an integer >= min.
func integer(dst *int, min int) reader {
	return into(dst, func(p *parser, n *yaml.Node, path string) (int, error) {
		return p.intMin(n, path, min)
	})
}

// numbers reads a mapping of names (from allowed, nil for any) to numbers >= 0.
func numbers(dst *map[string]float64, allowed []string) reader {
	return into(dst, func(p *parser, n *yaml.Node, path string) (map[string]float64, error) {
		return p.numMap(n, path, allowed)
	})
}

// signedNumbers reads a mapping of names (from allowed, nil for any) to
// finite numbers of either sign.
func signedNumbers(dst *map[string]float64, allowed []string) reader {
	return into(dst, func(p *parser, n *yaml.Node, path string) (map[string]float64, error) {
		return p.numMapOf(n, path, allowed, (*parser).num)
	})
}

// optionalSigned reads a finite number of either sign whose absence means
// "no rule".
func optionalSigned(dst **float64) reader {
	return func(p *parser, v *yaml.Node, path string) error {
		x, err := p.num(v, path)
		*dst = &x
		return err
	}
}

// optionalNumber reads a number >= 0 whose absence means "no rule".
func optionalNumber(dst **float64) reader {
	return func(p *parser, v *yaml.Node, path string) error {
		x, err := p.nonNeg(v, path)
		*dst = &x
		return err
	}
}

// node keeps the value node for a later step (the suite's data and checks,
// read once the whole top level is known).
func node(dst **yaml.Node) reader {
	return func(_ *parser, v *yaml.Node, _ string) error {
		*dst = v
		return nil
	}
}

// readElsewhere is the reader of a key read before the others (vars, a
// check's type).
func readElsewhere(*parser, *yaml.Node, string) error { return nil }
