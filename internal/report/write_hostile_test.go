package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileSeeds are names and messages that break naive writers: ANSI
// colour codes, C0/C1 controls, NUL, XML and HTML syntax, a script end tag,
// a CDATA end, Markdown table and code syntax, invalid UTF-8, a surrogate.
var hostileSeeds = []string{
	"\x1b[31mFAIL\x1b[0m auc",
	"\x00\x01\x02\x07\x08\x0b\x0c\x0e\x1f\x7f\u0080\u0085\u009f",
	"</script><script>alert(1)</script>",
	"]]><![CDATA[x]]>",
	"<!-- -->&amp;&#0;&#x1b;&lt;",
	"a|b`c`*d*_e_ [f](g) # h\n\n| x |",
	"\xff\xfe\xc3\x28 invalid utf-8",
	"\ufffe\uffff\U0001F600 \u2028\u2029",
	"\"'><svg onload=alert(1)>",
	"line1\r\nline2\ttab",
	"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
	"",
}

// TestOutputsWellFormedOnHostileText checks every writer on every pair of
// hostile seeds: junit.xml and report.html parse as XML (report.html is
// written to be well-formed XML as well as HTML, which is the stricter
// check), the HTML has exactly its own one script and no element the text
// could have injected, report.json is valid JSON that reads back the same
// names, summary.md's table keeps one row per check and four columns.
func TestOutputsWellFormedOnHostileText(t *testing.T) {
	for _, name := range hostileSeeds {
		for _, msg := range hostileSeeds {
			checkWellFormed(t, name, msg)
		}
	}
}

// FuzzWriters runs the same checks on arbitrary names and messages.
func FuzzWriters(f *testing.F) {
	for i, s := range hostileSeeds {
		f.Add(s, hostileSeeds[(i+3)%len(hostileSeeds)])
	}
	f.Fuzz(func(t *testing.T, name, msg string) {
		checkWellFormed(t, name, msg)
	})
}

func checkWellFormed(t *testing.T, name, msg string) {
	t.Helper()
	r := hostileReport(name, msg)
	for _, w := range []struct {
		file  string
		write func(io.Writer, Report) error
	}{{"junit.xml", WriteJUnit}, {"report.html", WriteHTML}} {
		var b bytes.Buffer
		if err := w.write(&b, r); err != nil {
			t.Fatalf("%s: %v", w.file, err)
		}
		elements, err := parseXML(b.Bytes())
		if err != nil {
			t.Fatalf("%s for name %q, message %q is not well-formed: %v", w.file, name, msg, err)
		}
		if w.file == "report.html" {
			if elements["script"] != 1 || elements["b"] != 0 || elements["svg"] != 5 || elements["figure"] != 5 {
				t.Fatalf("report.html for name %q, message %q: elements %v, want 1 script, 5 svg, 5 figure, no b", name, msg, elements)
			}
		}
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatalf("report.json: %v", err)
	}
	if utf8.ValidString(name) && back.Checks[0].Name != name {
		t.Fatalf("report.json name %q, want %q", back.Checks[0].Name, name)
	}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, line := range strings.Split(md.String(), "\n") {
		if strings.HasPrefix(line, "| ") && strings.Count(line, "|")-strings.Count(line, `\|`) == 5 {
			rows++
		}
	}
	// the header and the two checks; the parity worst-rows table has five
	// columns (six pipes) and is not counted
	if want := 3; rows != want {
		t.Fatalf("summary.md for name %q, message %q: %d four-column table rows, want %d:\n%s", name, msg, rows, want, md.String())
	}
	if strings.ContainsAny(md.String(), "\x00\x1b\r") {
		t.Fatalf("summary.md keeps control characters: %q", md.String())
	}
	var tab bytes.Buffer
	if err := WriteTable(&tab, r); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(tab.String(), "\n"); n != 5 || strings.ContainsAny(tab.String(), "\x00\x1b\r") {
		t.Fatalf("table: %d lines (want 5: header, 2 checks, blank, total) or control characters:\n%q", n, tab.String())
	}
}

// parseXML parses doc strictly as XML and counts its elements by name.
func parseXML(doc []byte) (map[string]int, error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	elements := map[string]int{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return elements, nil
		}
		if err != nil {
			return elements, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			elements[se.Name.Local]++
		}
	}
}
