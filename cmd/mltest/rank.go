package main

import "io"

// runRank is written by the ranking work (placeholder so the command builds).
func runRank(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return errorf(stderr, "rank: not built yet")
}
