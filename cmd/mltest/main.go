// Command mltest evaluates and gates machine-learning models: metrics over a
// predictions file by slice with intervals (eval), trec_eval-compatible
// ranking measures (rank), and paired comparison of two models with a
// regression gate (compare).
//
// Exit codes, for every subcommand: 0 every check passed, 1 a check or gate
// failed, 2 the command could not run as asked (bad flag, unreadable or
// malformed input).
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes shared by every subcommand (CONTRACTS.md).
const (
	exitOK    = 0 // every check passed
	exitFail  = 1 // a check or gate failed
	exitUsage = 2 // could not run as asked: bad flag, unreadable or malformed input
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// commands are the subcommands, by name.
var commands = map[string]func(args []string, stdin io.Reader, stdout, stderr io.Writer) int{
	"eval":       runEval,
	"rank":       runRank,
	"compare":    runCompare,
	"run":        runRun,
	"parity":     runParity,
	"skew":       runSkew,
	"interleave": runInterleave,
	"ope":        runOPE,
	"monitor":    runMonitor,
}

// run is the whole program, in a form tests call in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, help("mltest"))
		return exitUsage
	}
	if cmd, ok := commands[args[0]]; ok {
		return cmd(args[1:], stdin, stdout, stderr)
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, help("mltest"))
		return exitOK
	}
	fmt.Fprintf(stderr, "mltest: unknown command %q\n\n%s", args[0], help("mltest"))
	return exitUsage
}

// warn prints warnings in the CLI's shape.
func warn(stderr io.Writer, msgs ...string) {
	for _, m := range msgs {
		fmt.Fprintf(stderr, "mltest: warning: %s\n", m)
	}
}

// errorf prints a message in the CLI's error shape and returns exitUsage.
func errorf(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "mltest: "+format+"\n", args...)
	return exitUsage
}
