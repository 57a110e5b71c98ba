package report

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestJUnitSchema validates junit.xml with xmllint against testdata/junit.xsd
// (the common JUnit schema, tightened to what mltest promises) and, when
// MLTEST_JUNIT_XSD names a copy of Jenkins' junit-10.xsd kept outside the
// repository, against that too.
func TestJUnitSchema(t *testing.T) {
	xmllint := needTool(t, "xmllint", "libxml2-utils")
	schemas := []string{filepath.Join("testdata", "junit.xsd")}
	if p := os.Getenv("MLTEST_JUNIT_XSD"); p != "" {
		schemas = append(schemas, p)
	}
	reports := map[string]Report{
		"sample": sampleReport(),
		"empty":  {Suite: "nothing"},
		"hostile": hostileReport("\x1b[31mred\x1b[0m \x00\x01\x07\x0b\x0c\x1f\x7f\u0085 ]]> </script> <![CDATA[ & \"quoted\" 'single' \ud7ff \uFFFE",
			"\xff\xfe invalid utf-8"),
	}
	for name, r := range reports {
		file := filepath.Join(t.TempDir(), name+".xml")
		if err := os.WriteFile(file, render(t, WriteJUnit, r), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, xsd := range schemas {
			out, err := exec.Command(xmllint, "--noout", "--schema", xsd, file).CombinedOutput()
			if err != nil {
				t.Errorf("%s against %s: %v\n%s", name, xsd, err, out)
			}
		}
	}
}

// TestJUnitStatuses pins how each status maps onto JUnit: counts, a
// failure for fail, an error for error, a passing case with a "warning: "
// system-out for warn.
func TestJUnitStatuses(t *testing.T) {
	var doc struct {
		Suites []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Errors   int    `xml:"errors,attr"`
			Cases    []struct {
				Classname string `xml:"classname,attr"`
				Name      string `xml:"name,attr"`
				Time      string `xml:"time,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
					Type    string `xml:"type,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Error *struct {
					Message string `xml:"message,attr"`
					Type    string `xml:"type,attr"`
				} `xml:"error"`
				SystemOut string `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	r := sampleReport()
	if err := xml.Unmarshal(render(t, WriteJUnit, r), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("%d testsuites, want 1", len(doc.Suites))
	}
	s := doc.Suites[0]
	if s.Name != "ctr-model" || s.Tests != 9 || s.Failures != 4 || s.Errors != 1 {
		t.Errorf("testsuite name=%q tests=%d failures=%d errors=%d, want ctr-model 9 4 1", s.Name, s.Tests, s.Failures, s.Errors)
	}
	for i, c := range s.Cases {
		check := r.Checks[i]
		if c.Name != check.Name || c.Classname != check.Kind || c.Time != seconds(check.Duration) {
			t.Errorf("case %d: name=%q classname=%q time=%q, want %q %q %q", i, c.Name, c.Classname, c.Time, check.Name, check.Kind, seconds(check.Duration))
		}
		switch check.Status {
		case Pass, Warn:
			if c.Failure != nil || c.Error != nil {
				t.Errorf("%s (%s): has a failure or error", c.Name, check.Status)
			}
			if check.Status == Warn && !strings.HasPrefix(c.SystemOut, "warning: "+check.Message) {
				t.Errorf("%s: system-out %q, want it to start with the warning", c.Name, c.SystemOut)
			}
		case Fail:
			if c.Failure == nil || c.Failure.Type != "fail" || c.Failure.Message != check.Message {
				t.Errorf("%s: failure %+v, want type fail with the message", c.Name, c.Failure)
			}
		case Error:
			if c.Error == nil || c.Error.Type != "error" || c.Error.Message != check.Message {
				t.Errorf("%s: error %+v, want type error with the message", c.Name, c.Error)
			}
		}
	}
	if got := s.Cases[3].Failure.Text; !strings.Contains(got, "bc017 output-0 (stage encode): offline 0.91, online 0.6") {
		t.Errorf("parity failure text lacks the worst row:\n%s", got)
	}
}

// TestJUnitHostileText: control characters and ANSI escapes in names and
// messages are removed, everything else survives the round trip.
func TestJUnitHostileText(t *testing.T) {
	r := hostileReport("\x1b[1;31mAUC\x1b[0m dropped\x00\x08 <b>&amp;</b> ]]>", "line1\r\nline2\x1b]0;title\x07")
	out := render(t, WriteJUnit, r)
	if bytes.ContainsAny(out, "\x00\x08\x1b\r\x07") {
		t.Fatalf("control characters left in:\n%q", out)
	}
	var doc struct {
		Cases []struct {
			Name    string `xml:"name,attr"`
			Failure struct {
				Message string `xml:"message,attr"`
			} `xml:"failure"`
		} `xml:"testsuite>testcase"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Cases[0].Name, "AUC dropped <b>&amp;</b> ]]>"; got != want {
		t.Errorf("name %q, want %q", got, want)
	}
	if got, want := doc.Cases[0].Failure.Message, "line1 line2"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}
