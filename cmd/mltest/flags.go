package main

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/mltest/mltest/internal/cliflag"
)

// newFlagSet returns the flag set of a command: errors go to stderr, and
// the usage is the command's help text and then its flags.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), help(name))
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses a command's flags (before or after its positional
// arguments). ok is false when the command should return code at once:
// exitOK after printing the usage for -h/--help on stdout, exitUsage after
// flag has printed the problem and the usage on the flag set's output.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (pos []string, code int, ok bool) {
	pos, err := cliflag.Interleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return nil, exitOK, false
	}
	if err != nil {
		return nil, exitUsage, false
	}
	return pos, exitOK, true
}

// stdins counts the files named "-", standard input: a command reads it
// for one file at most.
func stdins(files ...string) int {
	n := 0
	for _, f := range files {
		if f == "-" {
			n++
		}
	}
	return n
}

// The help texts, one file a command (help/COMMAND.txt; help/mltest.txt is
// the command list): prose kept out of the Go code.
//
//go:embed help/*.txt
var helpFiles embed.FS

// help returns the help text of a command.
func help(name string) string {
	b, err := helpFiles.ReadFile("help/" + name + ".txt")
	if err != nil {
		panic("mltest: no help text for " + name)
	}
	return string(b)
}
