// Package report writes what mltest's commands print, for the people and
// machines that read it; every writer of every command lives here and
// shares one value formatting (format_value.go; Float for JSON numbers).
//
// A `mltest run` is a Report: WriteDir writes report.html (self-contained,
// plots inline), junit.xml, report.json and summary.md; WriteTable is the
// terminal summary and Problems the lines for standard error.
//
// The other commands' results come from their drivers: WriteParityTable,
// WriteParityJSON and WriteParityDir for `mltest parity` (a parity.Result),
// WriteSkewTable and WriteSkewJSON for `mltest skew` (a skew.Report).
package report
