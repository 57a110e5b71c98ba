// Package cliflag holds what mltest's commands (cmd/mltest and
// beam/cmd/mltest-beam) share in reading their command lines.
package cliflag

import "flag"

// Interleaved parses flags that may come before or after positional
// arguments, as users type them ("mltest eval FILE --task binary"), and
// returns the positional ones in order. Everything after "--" is positional.
func Interleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
