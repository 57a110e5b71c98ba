package skew

import (
	"fmt"
	"math"
	"slices"
)

// Profile is what skew keeps of one data set: per feature, the row count,
// the missing values, and either the finite values (a numeric feature) or
// the count of each category (a categorical one). It is built by Add,
// AddTexts or AddNumbers in any order and any number of calls; the order of
// the rows never matters. A Profile is not safe for concurrent use, and
// Compare sorts its numeric values in place.
type Profile struct {
	names []string
	index map[string]int
	feats []featureProfile
}

type featureProfile struct {
	declared Kind // Auto, Numeric or Categorical as given to NewProfile
	n        int64
	missing  int64
	posInf   int64 // numeric: +Inf values, left out of the statistics
	negInf   int64 // numeric: -Inf values
	// categorical: false while every non-missing value has been a number
	// (and the feature is not declared Categorical).
	categorical bool
	values      []float64 // numeric: the finite values
	sorted      bool      // values is sorted
	counts      map[string]int64
}

// NewProfile returns an empty profile of the named features. kinds may
// declare a feature's kind (nil or a missing entry means Auto). It panics if
// a name is repeated or kinds names a feature not in names.
func NewProfile(names []string, kinds map[string]Kind) *Profile {
	p := &Profile{names: slices.Clone(names), index: make(map[string]int, len(names)), feats: make([]featureProfile, len(names))}
	for i, name := range names {
		if _, dup := p.index[name]; dup {
			panic(fmt.Sprintf("skew: NewProfile: feature %q named twice", name))
		}
		p.index[name] = i
	}
	for name, k := range kinds {
		i, ok := p.index[name]
		if !ok {
			panic(fmt.Sprintf("skew: NewProfile: kind given for %q, which is not a feature", name))
		}
		if k < Auto || k > Categorical {
			panic(fmt.Sprintf("skew: NewProfile: feature %q: invalid kind %d", name, int(k)))
		}
		p.feats[i].declared = k
		if k == Categorical {
			p.feats[i].toCategorical()
		}
	}
	return p
}

// Names returns the features' names, in the order NewProfile was given.
func (p *Profile) Names() []string { return slices.Clone(p.names) }

// Rows returns the number of rows added to the named feature.
func (p *Profile) Rows(name string) int64 { return p.feats[p.mustIndex(name)].n }

func (p *Profile) mustIndex(name string) int {
	i, ok := p.index[name]
	if !ok {
		panic(fmt.Sprintf("skew: no feature %q in the profile", name))
	}
	return i
}

// NotANumberError is Add's or AddTexts's error for a value of a feature
// declared Numeric that is neither a number nor a missing value.
type NotANumberError struct {
	Feature string
	Value   string
}

func (e *NotANumberError) Error() string {
	return fmt.Sprintf("skew: feature %q is numeric but %q is not a number (nor empty, null or NaN, which count as missing)", e.Feature, e.Value)
}

// Add adds one row: row[i] is the text of feature i (in NewProfile's order),
// as read from a CSV or JSONL file. Missing values (see IsMissing) are
// counted. The only error is a *NotANumberError, for a feature declared
// Numeric; the row is then not added at all. It panics if len(row) is not
// the number of features.
func (p *Profile) Add(row []string) error {
	if len(row) != len(p.feats) {
		panic(fmt.Sprintf("skew: Add: row of %d values for %d features", len(row), len(p.feats)))
	}
	for i, s := range row {
		if p.feats[i].declared == Numeric && !IsMissing(s) {
			if _, ok := parseNumber(s); !ok {
				return &NotANumberError{Feature: p.names[i], Value: s}
			}
		}
	}
	for i, s := range row {
		p.feats[i].addText(s) // cannot fail: checked above
	}
	return nil
}

// AddTexts adds a column of values of the named feature, as Add does one at
// a time. On a *NotANumberError the values before the bad one are added. It
// panics if there is no such feature.
func (p *Profile) AddTexts(name string, values []string) error {
	f := &p.feats[p.mustIndex(name)]
	for _, s := range values {
		if err := f.addText(s); err != nil {
			return &NotANumberError{Feature: name, Value: s}
		}
	}
	return nil
}

// AddNumbers adds a column of numbers of the named feature: NaN is a missing
// value, ±Inf a non-finite one. In a categorical feature each number is the
// category of its shortest text form. It panics if there is no such feature.
func (p *Profile) AddNumbers(name string, values []float64) {
	f := &p.feats[p.mustIndex(name)]
	if !f.categorical {
		f.values = slices.Grow(f.values, len(values))
	}
	for _, v := range values {
		f.addNumber(v)
	}
}

func (f *featureProfile) addText(s string) error {
	f.n++
	if IsMissing(s) {
		f.missing++
		return nil
	}
	v, isNum := parseNumber(s)
	switch {
	case f.declared == Categorical:
		f.counts[s]++
	case isNum:
		f.n--
		f.addNumber(v)
	case f.declared == Numeric:
		f.n--
		return errNotANumber
	default: // Auto, and text: the feature is categorical from now on
		f.toCategorical()
		f.counts[s]++
	}
	return nil
}

var errNotANumber = fmt.Errorf("not a number")

func (f *featureProfile) addNumber(v float64) {
	f.n++
	switch {
	case math.IsNaN(v):
		f.missing++
	case f.categorical:
		f.counts[numberCategory(v)]++
	case math.IsInf(v, 1):
		f.posInf++
	case math.IsInf(v, -1):
		f.negInf++
	default:
		f.values = append(f.values, v)
		f.sorted = false
	}
}

// toCategorical turns the numbers held so far into category counts.
func (f *featureProfile) toCategorical() {
	if f.categorical {
		return
	}
	f.categorical = true
	f.counts = numberCounts(f.values, f.posInf, f.negInf)
	f.values, f.posInf, f.negInf, f.sorted = nil, 0, 0, false
}

// numberCounts counts numbers as categories.
func numberCounts(values []float64, posInf, negInf int64) map[string]int64 {
	c := make(map[string]int64)
	for _, v := range values {
		c[numberCategory(v)]++
	}
	if posInf > 0 {
		c[numberCategory(math.Inf(1))] += posInf
	}
	if negInf > 0 {
		c[numberCategory(math.Inf(-1))] += negInf
	}
	return c
}

// sortedValues returns the finite values, sorted in place.
func (f *featureProfile) sortedValues() []float64 {
	if !f.sorted {
		sortValues(f.values)
		f.sorted = true
	}
	return f.values
}

// Merge adds every row of q to p, as if q's rows had been added to p, so
// profiles built in parallel over parts of a data set combine into the
// profile of the whole. It panics if q's features or declared kinds differ
// from p's.
func (p *Profile) Merge(q *Profile) {
	if !slices.Equal(p.names, q.names) {
		panic(fmt.Sprintf("skew: Merge: features %q and %q differ", p.names, q.names))
	}
	for i := range p.feats {
		f, g := &p.feats[i], &q.feats[i]
		if f.declared != g.declared {
			panic(fmt.Sprintf("skew: Merge: feature %q declared %v and %v", p.names[i], f.declared, g.declared))
		}
		f.n += g.n
		f.missing += g.missing
		if g.categorical {
			f.toCategorical()
			for c, k := range g.counts {
				f.counts[c] += k
			}
			continue
		}
		if f.categorical {
			for c, k := range numberCounts(g.values, g.posInf, g.negInf) {
				f.counts[c] += k
			}
			continue
		}
		f.posInf += g.posInf
		f.negInf += g.negInf
		if len(g.values) > 0 {
			f.values = append(f.values, g.values...)
			f.sorted = false
		}
	}
}
