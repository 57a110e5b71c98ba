package cliflag

import (
	"flag"
	"fmt"
	"slices"
	"strings"
)

// Getopt describes a command line read the way glibc's getopt_long reads
// it, for commands that are drop-ins for C programs (mltest rank for
// trec_eval), next to the command's own Go-style long flags.
type Getopt struct {
	// Short is getopt's option string: each letter is an option, a letter
	// followed by ':' takes a value ("hqm:l:").
	Short string
	// Long maps getopt_long's long names to the short letter each stands
	// for ("measure" -> 'm'). A long name may be abbreviated to any prefix
	// that no other long name shares, as getopt_long allows.
	Long map[string]byte
	// LongWithValue lists long names that take a value although their short
	// letter takes none (trec_eval's --Output_old_results_format).
	LongWithValue []string
	// Flags holds the command's own flags, which keep Go's forms ("-format
	// json", "--format=json"); Short's letters must be flags of it too.
	Flags *flag.FlagSet
}

// Normalize rewrites args so that Flags can parse them: every getopt form
// (a cluster "-qc", an attached value "-M100", "-mP.5", a long option
// "--measure=P.5" or "--measure P.5", an abbreviation "--meas") becomes
// "-x" or "-x value"; the command's own flags pass unchanged; positional
// arguments stay where they are; everything after "--" is positional and
// kept after a "--". An unknown option, an ambiguous abbreviation and a
// missing value are errors worded like getopt's.
func (g Getopt) Normalize(args []string) ([]string, error) {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() (string, bool) {
			if i+1 < len(args) {
				i++
				return args[i], true
			}
			return "", false
		}
		switch {
		case a == "--":
			return append(append(out, "--"), args[i+1:]...), nil
		case a == "-" || !strings.HasPrefix(a, "-"):
			out = append(out, a)
		case strings.HasPrefix(a, "--"):
			name, value, hasValue := strings.Cut(a[2:], "=")
			if g.ownFlag(name) {
				out = append(out, a)
				if !hasValue && !g.isBool(name) {
					if v, ok := next(); ok {
						out = append(out, v)
					}
				}
				continue
			}
			long, err := g.longName(name)
			if err != nil {
				return nil, err
			}
			c := g.Long[long]
			takes := g.takesValue(c) || g.longTakesValue(long)
			switch {
			case takes && !hasValue:
				v, ok := next()
				if !ok {
					return nil, fmt.Errorf("option '--%s' requires an argument", long)
				}
				value = v
			case !takes && hasValue:
				return nil, fmt.Errorf("option '--%s' doesn't allow an argument", long)
			}
			out = append(out, "-"+string(c))
			if g.takesValue(c) {
				out = append(out, value)
			}
		case len(a) > 2 && g.ownFlag(strings.SplitN(a[1:], "=", 2)[0]):
			out = append(out, a)
			if name, _, hasValue := strings.Cut(a[1:], "="); !hasValue && !g.isBool(name) {
				if v, ok := next(); ok {
					out = append(out, v)
				}
			}
		default:
			for k := 1; k < len(a); k++ {
				c := a[k]
				if !strings.ContainsRune(strings.ReplaceAll(g.Short, ":", ""), rune(c)) {
					return nil, fmt.Errorf("invalid option -- '%c'", c)
				}
				out = append(out, "-"+string(c))
				if !g.takesValue(c) {
					continue
				}
				if k+1 < len(a) {
					out = append(out, a[k+1:])
				} else if v, ok := next(); ok {
					out = append(out, v)
				} else {
					return nil, fmt.Errorf("option requires an argument -- '%c'", c)
				}
				break
			}
		}
	}
	return out, nil
}

// takesValue reports whether short option c takes a value.
func (g Getopt) takesValue(c byte) bool {
	i := strings.IndexByte(g.Short, c)
	return i >= 0 && i+1 < len(g.Short) && g.Short[i+1] == ':'
}

func (g Getopt) longTakesValue(name string) bool {
	for _, n := range g.LongWithValue {
		if n == name {
			return true
		}
	}
	return false
}

// longName resolves an exact long name or an unambiguous prefix of one.
func (g Getopt) longName(name string) (string, error) {
	if _, ok := g.Long[name]; ok {
		return name, nil
	}
	var matches []string
	for n := range g.Long {
		if name != "" && strings.HasPrefix(n, name) {
			matches = append(matches, n)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return "", fmt.Errorf("unrecognized option '--%s'", name)
	}
	return "", fmt.Errorf("option '--%s' is ambiguous; possibilities: --%s", name, strings.Join(slices.Sorted(slices.Values(matches)), " --"))
}

// ownFlag reports whether name is one of the command's flags with a name
// longer than one letter (one-letter flags are getopt's).
func (g Getopt) ownFlag(name string) bool {
	return len(name) > 1 && g.Flags.Lookup(name) != nil
}

func (g Getopt) isBool(name string) bool {
	f := g.Flags.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
