package report

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// WriteJUnit writes r as JUnit XML, the format Jenkins, GitLab and GitHub
// test reporters read: a <testsuites> root holding one <testsuite> named
// after the suite, with one <testcase> per check (classname = the check's
// kind, name = its name, time in seconds).
//
// Statuses map to what those reporters display sensibly:
//
//   - pass: a passing test case; its message is in <system-out>.
//   - fail: <failure type="fail" message="MESSAGE"> with the failing
//     values, parity rows or golden diff as the element's text.
//   - error: <error type="error" message="MESSAGE">; the check could not run.
//   - warn: a PASSING test case whose <system-out> starts "warning: ". Not
//     <skipped>: the check ran, and every reporter would show a skipped
//     test as not run. A warning does not fail the run, so it must not
//     turn the CI test view red either.
//
// All text is cleaned of control characters and ANSI escapes, which XML 1.0
// forbids (one ESC makes the file unreadable to a strict parser). The
// output is valid under the common JUnit schema (Jenkins' junit-10.xsd);
// testdata/junit.xsd pins the subset written here.
func WriteJUnit(w io.Writer, r Report) error {
	n := countStatuses(r.Checks)
	suite := junitSuite{
		Name:      oneLine(r.Suite),
		Tests:     len(r.Checks),
		Failures:  n.Fail,
		Errors:    n.Error,
		Skipped:   0,
		Time:      seconds(r.Duration),
		Timestamp: r.Started.UTC().Format("2006-01-02T15:04:05"),
	}
	if suite.Name == "" {
		suite.Name = "mltest"
	}
	suite.Properties = &junitProperties{Property: []junitProperty{
		{Name: "mltest.report_version", Value: strconv.Itoa(max(r.Version, Version))},
		{Name: "mltest.status", Value: string(overallStatus(r))},
	}}
	if r.File != "" {
		suite.Properties.Property = append(suite.Properties.Property, junitProperty{Name: "mltest.suite_file", Value: oneLine(r.File)})
	}
	for _, c := range r.Checks {
		tc := junitCase{Classname: oneLine(c.Kind), Name: oneLine(c.Name), Time: seconds(c.Duration)}
		if tc.Classname == "" {
			tc.Classname = "check"
		}
		msg := oneLine(c.Message)
		details := checkDetails(c, 50)
		switch c.Status {
		case Pass:
			tc.SystemOut = &junitText{Text: xmlText(joinLines(msg, details))}
		case Warn:
			tc.SystemOut = &junitText{Text: xmlText(joinLines("warning: "+msg, details))}
		case Fail:
			tc.Failure = &junitProblem{Type: "fail", Message: msg, Text: xmlText(strings.Join(details, "\n"))}
		default:
			tc.Error = &junitProblem{Type: "error", Message: msg, Text: xmlText(strings.Join(details, "\n"))}
		}
		suite.Cases = append(suite.Cases, tc)
	}
	root := junitSuites{
		Name: suite.Name, Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors,
		Time: suite.Time, Suites: []junitSuite{suite},
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func joinLines(first string, rest []string) string {
	return strings.Join(append([]string{first}, rest...), "\n")
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Time       string           `xml:"time,attr"`
	Timestamp  string           `xml:"timestamp,attr"`
	Properties *junitProperties `xml:"properties"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	Property []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	SystemOut *junitText    `xml:"system-out"`
}

type junitText struct {
	Text string `xml:",innerxml"` // escaped by xmlText
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",innerxml"` // escaped by xmlText
}

// xmlText escapes s as XML character data, keeping newlines and quotes as
// they are (encoding/xml writes them as &#xA; and &#34;, which a person
// reading the file in a CI log should not have to decode). s is cleaned of
// the characters XML 1.0 forbids first.
func xmlText(s string) string {
	s = cleanText(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
