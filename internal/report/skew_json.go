package report

import (
	"fmt"
	"io"

	"github.com/mltest/mltest/harness/skew"
)

// WriteSkewJSON writes r as indented JSON, in skew.Report's own encoding:
// snake_case keys, the statistics of the other kind left out, and an
// undefined or infinite statistic as null (the feature's warnings say why),
// as Float writes it.
func WriteSkewJSON(w io.Writer, r skew.Report) error {
	return writeIndentedJSON(w, r)
}

// WriteSkew writes r as format "table" (WriteSkewTable) or "json"
// (WriteSkewJSON).
func WriteSkew(w io.Writer, format string, r skew.Report) error {
	switch format {
	case "json":
		return WriteSkewJSON(w, r)
	case "table":
		return WriteSkewTable(w, r)
	}
	return fmt.Errorf("report: skew format %q: want table or json", format)
}
