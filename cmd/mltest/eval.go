package main

import "io"

func runEval(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return errorf(stderr, "eval: not built yet")
}
