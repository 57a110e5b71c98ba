package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/mltest/mltest/harness/interleave"
)

// interleaveJSON is the --format json document of mltest interleave, with
// the keys of issue 18 (CONTRACTS.md, "Additions").
type interleaveJSON struct {
	N         int      `json:"n"`
	NoClick   int      `json:"no_click"`
	WinsA     int      `json:"wins_a"`
	WinsB     int      `json:"wins_b"`
	Ties      int      `json:"ties"`
	DeltaAB   Float    `json:"delta_ab"`
	CI        [2]Float `json:"ci"`
	P         Float    `json:"p"`
	Preferred string   `json:"preferred"`
	Warnings  []string `json:"warnings,omitempty"`
}

// WriteInterleave writes the analysis of an interleaving log as format
// "table" (for people: the counts, delta_ab with its interval, the test,
// the credit by list position, warnings) or "json" (one object). A value
// that is not a finite number is null in JSON and "-" in the table, and the
// result's warnings say why.
func WriteInterleave(w io.Writer, format string, r interleave.Result) error {
	switch format {
	case "json":
		return writeJSONDoc(w, interleaveJSON{
			N: r.N, NoClick: r.NoClick, WinsA: r.WinsA, WinsB: r.WinsB, Ties: r.Ties,
			DeltaAB: Float(r.DeltaAB), CI: [2]Float{Float(r.CI[0]), Float(r.CI[1])},
			P: Float(r.P), Preferred: r.Preferred, Warnings: r.Warnings,
		})
	case "table":
		return writeInterleaveTable(w, r)
	}
	return fmt.Errorf("report: interleave format %q: want table or json", format)
}

// writeJSONDoc writes v as indented JSON followed by a newline.
func writeJSONDoc(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
