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

const usage = `mltest: test machine-learning systems

Usage:
  mltest run [SUITE.yaml] [--out DIR] [--baseline FILE] [--write-baseline FILE]   (no SUITE: the example suite)
  mltest eval --task binary|multiclass|regression --label COL --score COL [flags] FILE
  mltest rank [-q] [-c] [-l LEVEL] [-M N] [-m MEASURE[.K,K...]]... [--train FILE] [--format trec|json] QRELS RUN
  mltest compare --task TASK --baseline FILE --candidate FILE [--id COL --label COL --score COL] [--max-regression METRIC=DELTA]...
  mltest parity --requests FILE --offline FILE --online URL --protocol json|v2|tfserving [--model NAME] [flags]
  mltest skew --reference FILE --current FILE [--column COL]... [--max-psi 0.2] [flags]
  mltest interleave --log FILE [--user COL] [--sequential] [--require A|B] [flags]
  mltest ope --log FILE --target FILE [--reward-model FILE] [--estimators ips,snips,dm,dr] [flags]

Commands:
  eval     metrics over a predictions file (CSV, JSONL, gzip, Parquet), by slice, with
           confidence intervals; scikit-learn conventions
  rank     ranking and recommendation measures over TREC qrels and run files, trec_eval conventions
  compare  paired comparison of a candidate with a baseline on the same rows, with a
           regression gate (exit 1 only on a significant regression larger than allowed)
  parity   offline (batch) outputs against a served model, row by row, over the Open
           Inference Protocol v2, TF Serving REST or plain JSON
  skew     drift of every feature between training data and serving logs (PSI, JS
           distance, KS, Wasserstein, L-infinity), thresholds on effect sizes
  interleave  which of two rankers users prefer, from an interleaving log (team draft):
           wins, delta_ab with a bootstrap interval, sign test or always-valid p-value
  ope      off-policy evaluation: what a target policy would earn, from the logging
           policy's logs (IPS, SNIPS, DM, DR; slates: IIPS, pseudo-inverse)

Run 'mltest COMMAND --help' for a command's flags.
Exit codes: 0 passed, 1 a check failed, 2 could not run as asked.
`

// run is the whole program, in a form tests call in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "eval":
		return runEval(args[1:], stdin, stdout, stderr)
	case "rank":
		return runRank(args[1:], stdin, stdout, stderr)
	case "compare":
		return runCompare(args[1:], stdin, stdout, stderr)
	case "run":
		return runRun(args[1:], stdin, stdout, stderr)
	case "parity":
		return runParity(args[1:], stdin, stdout, stderr)
	case "skew":
		return runSkew(args[1:], stdin, stdout, stderr)
	case "interleave":
		return runInterleave(args[1:], stdin, stdout, stderr)
	case "ope":
		return runOPE(args[1:], stdin, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "mltest: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// errorf prints a message in the CLI's error shape and returns exitUsage.
func errorf(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "mltest: "+format+"\n", args...)
	return exitUsage
}
