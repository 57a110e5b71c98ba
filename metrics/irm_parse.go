package metrics

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// irName is a measure named the ir_measures way: Name, Name(k=v, ...) and
// either followed by @at, as ir_measures.parse_measure reads it (a Python
// expression). Values are integers, reals, 'strings', True/False and
// {int: int} dictionaries.
type irName struct {
	name   string
	params map[string]irValue
	at     *irValue
}

// irValue is one parameter value.
type irValue struct {
	kind byte // 'i' int, 'f' real, 's' string, 'b' bool, 'd' dict, 'n' None
	i    int64
	f    float64
	s    string
	b    bool
	dict map[int64]int64
}

func (v irValue) String() string {
	switch v.kind {
	case 'i':
		return strconv.FormatInt(v.i, 10)
	case 'f':
		return strconv.FormatFloat(v.f, 'g', -1, 64)
	case 's':
		return strconv.Quote(v.s)
	case 'b':
		if v.b {
			return "True"
		}
		return "False"
	case 'n':
		return "None"
	}
	return fmt.Sprint(v.dict)
}

// number returns an int or real value as a float64.
func (v irValue) number() (float64, bool) {
	switch v.kind {
	case 'i':
		return float64(v.i), true
	case 'f':
		return v.f, true
	}
	return 0, false
}

// parseIRName parses s, or returns an error saying where it stops making
// sense.
func parseIRName(s string) (irName, error) {
	p := &irParser{s: s}
	var n irName
	p.space()
	n.name = p.ident()
	if n.name == "" {
		return n, p.errorf("expected a measure name")
	}
	p.space()
	if p.peek() == '(' {
		p.pos++
		n.params = map[string]irValue{}
		for {
			p.space()
			if p.peek() == ')' {
				p.pos++
				break
			}
			key := p.ident()
			if key == "" {
				return n, p.errorf("expected a parameter name (parameters are named: Name(k=v))")
			}
			p.space()
			if p.peek() != '=' {
				return n, p.errorf("expected '=' after %s", key)
			}
			p.pos++
			v, err := p.value()
			if err != nil {
				return n, err
			}
			if _, dup := n.params[key]; dup {
				return n, p.errorf("parameter %s given twice", key)
			}
			n.params[key] = v
			p.space()
			switch p.peek() {
			case ',':
				p.pos++
			case ')':
			default:
				return n, p.errorf("expected ',' or ')'")
			}
		}
		p.space()
	}
	if p.peek() == '@' {
		p.pos++
		v, err := p.value()
		if err != nil {
			return n, err
		}
		if _, ok := v.number(); !ok {
			return n, p.errorf("the value after @ must be a number")
		}
		n.at = &v
		p.space()
	}
	if p.pos != len(p.s) {
		return n, p.errorf("unexpected %q", p.s[p.pos:])
	}
	return n, nil
}

type irParser struct {
	s   string
	pos int
}

func (p *irParser) errorf(format string, args ...any) error {
	return fmt.Errorf("measure %q: %s at column %d (ir_measures names read Name(k=v, ...)@cutoff)",
		p.s, fmt.Sprintf(format, args...), p.pos+1)
}

func (p *irParser) peek() byte {
	if p.pos < len(p.s) {
		return p.s[p.pos]
	}
	return 0
}

func (p *irParser) space() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

// ident reads a Python identifier (α_nDCG included).
func (p *irParser) ident() string {
	start := p.pos
	for p.pos < len(p.s) {
		r, size := utf8.DecodeRuneInString(p.s[p.pos:])
		if r == '_' || unicode.IsLetter(r) || (p.pos > start && unicode.IsDigit(r)) {
			p.pos += size
			continue
		}
		break
	}
	return p.s[start:p.pos]
}

func (p *irParser) value() (irValue, error) {
	p.space()
	switch c := p.peek(); {
	case c == '\'' || c == '"':
		end := strings.IndexByte(p.s[p.pos+1:], c)
		if end < 0 {
			return irValue{}, p.errorf("unterminated string")
		}
		v := irValue{kind: 's', s: p.s[p.pos+1 : p.pos+1+end]}
		p.pos += end + 2
		return v, nil
	case c == '{':
		p.pos++
		v := irValue{kind: 'd', dict: map[int64]int64{}}
		for {
			p.space()
			if p.peek() == '}' {
				p.pos++
				return v, nil
			}
			k, err := p.value()
			if err != nil {
				return v, err
			}
			p.space()
			if p.peek() != ':' {
				return v, p.errorf("expected ':' in a dictionary")
			}
			p.pos++
			x, err := p.value()
			if err != nil {
				return v, err
			}
			if k.kind != 'i' || x.kind != 'i' {
				return v, p.errorf("gains map integer relevance to integer gain, e.g. {0:0, 1:1, 2:3}")
			}
			v.dict[k.i] = x.i
			p.space()
			if p.peek() == ',' {
				p.pos++
			}
		}
	case c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'):
		start := p.pos
		p.pos++
		for p.pos < len(p.s) {
			c := p.s[p.pos]
			if c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '_' ||
				((c == '-' || c == '+') && (p.s[p.pos-1] == 'e' || p.s[p.pos-1] == 'E')) {
				p.pos++
				continue
			}
			break
		}
		text := strings.ReplaceAll(p.s[start:p.pos], "_", "")
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			return irValue{kind: 'i', i: i}, nil
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return irValue{}, p.errorf("%q is not a number", text)
		}
		return irValue{kind: 'f', f: f}, nil
	}
	switch id := p.ident(); id {
	case "True", "False":
		return irValue{kind: 'b', b: id == "True"}, nil
	case "None":
		return irValue{kind: 'n'}, nil
	case "":
		return irValue{}, p.errorf("expected a value")
	default:
		return irValue{}, p.errorf("%s is not a value (strings are quoted: 'log2')", id)
	}
}
