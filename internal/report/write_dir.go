package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The files WriteDir writes, in the directory it is given.
const (
	HTMLFile     = "report.html"
	JUnitFile    = "junit.xml"
	JSONFile     = "report.json"
	MarkdownFile = "summary.md"
)

// WriteDir writes the four reports of r into dir, creating it if needed:
// report.html, junit.xml, report.json and summary.md. Each file is written
// whole or not at all (a temporary file renamed into place), and one
// writer's failure does not stop the others: a report.json refused for a
// NaN still leaves the HTML and JUnit for a person to read. The error joins
// every failure.
func WriteDir(dir string, r Report) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	var errs []error
	for _, out := range []struct {
		name  string
		write func(io.Writer, Report) error
	}{
		{HTMLFile, WriteHTML},
		{JUnitFile, WriteJUnit},
		{JSONFile, WriteJSON},
		{MarkdownFile, WriteMarkdown},
	} {
		var b bytes.Buffer
		if err := out.write(&b, r); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", filepath.Join(dir, out.name), err))
			continue
		}
		if err := writeFileAtomic(filepath.Join(dir, out.name), b.Bytes()); err != nil {
			errs = append(errs, fmt.Errorf("report: %w", err))
		}
	}
	return errors.Join(errs...)
}

// GitHubSummaryEnv names the file GitHub Actions shows as a step's summary.
const GitHubSummaryEnv = "GITHUB_STEP_SUMMARY"

// AppendGitHubSummary appends r's summary.md to the file named by
// $GITHUB_STEP_SUMMARY, so that the run's result shows on the workflow's
// page. When the variable is unset or empty (not on GitHub Actions) it does
// nothing and returns nil.
func AppendGitHubSummary(r Report) error {
	path := os.Getenv(GitHubSummaryEnv)
	if path == "" {
		return nil
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, r); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("report: $%s: %w", GitHubSummaryEnv, err)
	}
	b.WriteString("\n")
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("report: $%s: %w", GitHubSummaryEnv, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("report: $%s: %w", GitHubSummaryEnv, err)
	}
	return nil
}

// writeFileAtomic replaces path with data so that a reader (a CI artifact
// upload running alongside) sees the old file or the new one, never part.
func writeFileAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// RunOutputs are where `mltest run` writes the report of a run.
type RunOutputs struct {
	// Stdout receives the report in Format: "table" (WriteTable, coloured
	// when Color, then the path of report.html; nothing when Quiet) or
	// "json" (WriteJSON).
	Stdout       io.Writer
	Format       string
	Quiet, Color bool
	// Dir receives the four reports (WriteDir), which are also appended to
	// the summary of a GitHub Actions step (AppendGitHubSummary).
	Dir string
}

// WriteRun writes r to out: standard output, the directory of reports and
// the GitHub step summary.
func WriteRun(r Report, out RunOutputs) error {
	table := out.Format == "table" && !out.Quiet
	switch {
	case out.Format == "json":
		if err := WriteJSON(out.Stdout, r); err != nil {
			return err
		}
	case table:
		if err := WriteTable(out.Stdout, r, Color(out.Color)); err != nil {
			return err
		}
	}
	if err := WriteDir(out.Dir, r); err != nil {
		return fmt.Errorf("writing the reports: %v", err)
	}
	if err := AppendGitHubSummary(r); err != nil {
		return fmt.Errorf("$%s: %v", GitHubSummaryEnv, err)
	}
	if table {
		fmt.Fprintf(out.Stdout, "reports: %s\n", filepath.Join(out.Dir, HTMLFile))
	}
	return nil
}
