package interleave

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mltest/mltest/internal/dataio"
)

func TestReadLogRoundTripsTheLogWriter(t *testing.T) {
	imps := []Impression{
		{ID: "imp1", User: "u7", Items: []string{"i3", "i9", "i1"}, Teams: []string{"A", "B", "A"}, Clicks: []string{"i9"}},
		{ID: "imp2", User: "u8", Items: []string{"i1"}, Teams: []string{"B"}, Clicks: []string{}},
	}
	var buf bytes.Buffer
	w := NewLogWriter(&buf)
	for _, im := range imps {
		w.Log(im)
	}
	if w.Err() != nil {
		t.Fatal(w.Err())
	}
	// Gzip is read transparently, by its magic bytes.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(buf.Bytes())
	zw.Close()
	path := filepath.Join(t.TempDir(), "log.jsonl.gz")
	if err := os.WriteFile(path, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadLog(path, nil, "user")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(imps, got); d != "" {
		t.Errorf("read back (-want +got):\n%s", d)
	}
	noUser, err := ReadLog("-", strings.NewReader(buf.String()), "")
	if err != nil || noUser[0].User != "" {
		t.Errorf("without a user key: %v, %+v", err, noUser)
	}
}

func TestReadLogErrorsNameFileLineAndField(t *testing.T) {
	good := `{"id": "a", "uid": 7, "items": ["x", "y"], "teams": ["A", "B"], "clicks": ["y"]}`
	for _, c := range []struct {
		lines []string
		want  string
	}{
		{nil, "log.jsonl: no impressions"},
		{[]string{good, "not json"}, "log.jsonl:2: not a JSON object"},
		{[]string{good, good}, `log.jsonl:2: id: duplicate id "a" (first on line 1)`},
		{[]string{`{"id": "b", "items": ["x"], "teams": ["A"], "clicks": []}`}, "log.jsonl:1: uid: missing key"},
		{[]string{`{"id": "b", "uid": "u", "items": ["x"], "teams": ["A"]}`}, "log.jsonl:1: clicks: missing key"},
		{[]string{`{"id": "b", "uid": "u", "items": ["x"], "teams": ["A"], "clicks": null}`}, "log.jsonl:1: clicks: null"},
		{[]string{`{"id": "b", "uid": "u", "items": ["x", 2.5], "teams": ["A", "B"], "clicks": []}`}, "log.jsonl:1: items[1]: want a string or an integer id, got 2.5"},
		{[]string{`{"id": "b", "uid": "u", "items": ["x", "y"], "teams": ["A"], "clicks": []}`}, "log.jsonl:1: teams: 1 teams for 2 items"},
		{[]string{"", `{"id": "b", "uid": "u", "items": ["x"], "teams": ["a"], "clicks": []}`}, `log.jsonl:2: teams[0]: team "a", want "A" or "B"`},
		{[]string{`{"id": "b", "uid": "u", "items": ["x"], "teams": ["A"], "clicks": ["z"]}`}, `log.jsonl:1: clicks[0]: click on "z", which is not among the impression's items`},
	} {
		_, err := DecodeLog(strings.NewReader(strings.Join(c.lines, "\n")), "log.jsonl", "uid")
		var ie *dataio.InputError
		if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%v: error %v, want an InputError starting %q", c.lines, err, c.want)
		}
	}
	if _, err := ReadLog(filepath.Join(t.TempDir(), "missing.jsonl"), nil, ""); err == nil || !strings.Contains(err.Error(), "missing.jsonl: cannot open") {
		t.Errorf("missing file: %v", err)
	}
}

// FuzzDecodeLog: any input either reads, giving impressions that pass
// Check and analyse without error, or fails with an *InputError.
func FuzzDecodeLog(f *testing.F) {
	f.Add([]byte(`{"id": "a", "user": "u", "items": ["x", "y"], "teams": ["A", "B"], "clicks": ["y"]}` + "\n" +
		`{"id": 2, "user": 3, "items": [], "teams": [], "clicks": []}`))
	f.Add([]byte(`{"id": "a", "items": ["x"], "teams": ["A"], "clicks": ["x", "x"]}`))
	f.Add([]byte("\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		imps, err := DecodeLog(bytes.NewReader(data), "fuzz.jsonl", "user")
		if err != nil {
			var ie *dataio.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			return
		}
		if _, err := Analyze(imps, Options{ByUser: true, Resamples: 10}); err != nil {
			t.Fatalf("a log that reads must analyse: %v", err)
		}
	})
}
