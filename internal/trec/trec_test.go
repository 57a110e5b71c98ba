package trec

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/metrics"
)

// withChunkSize runs f with a small chunk size, so that chunk boundaries
// fall inside every few lines.
func withChunkSize(t *testing.T, size int, f func()) {
	t.Helper()
	old := chunkSize
	chunkSize = size
	defer func() { chunkSize = old }()
	f()
}

func genRun(seed uint64, lines int) string {
	rng := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	for i := range lines {
		q := rng.IntN(7)
		fmt.Fprintf(&b, "q%d Q0 doc%d %d %.3f run%d\n", q, i, i, rng.Float64()*10, q)
		if rng.IntN(10) == 0 {
			b.WriteString("# a comment\n\n")
		}
	}
	return b.String()
}

// TestReadRunChunking: any chunk size gives the same run, and a bad line is
// reported at its line however the file is chunked.
func TestReadRunChunking(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		text := genRun(seed, 3000)
		want, err := ReadRun(strings.NewReader(text), "r", dataio.TREC)
		if err != nil {
			t.Fatal(err)
		}
		lastID := ""
		for _, l := range strings.Split(text, "\n") {
			if f := strings.Fields(l); len(f) == 6 {
				lastID = f[5]
			}
		}
		if want.NumLines != 3000 || want.ID != lastID {
			t.Fatalf("seed %d: NumLines %d ID %q", seed, want.NumLines, want.ID)
		}
		for _, size := range []int{7, 64, 1000} {
			withChunkSize(t, size, func() {
				got, err := ReadRun(strings.NewReader(text), "r", dataio.TREC)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("seed %d, chunk size %d: run differs", seed, size)
				}
				lines := strings.SplitAfter(text, "\n")
				bad := 1 + int(seed*397)%len(lines[:len(lines)-1])
				broken := strings.Join(lines[:bad-1], "") + "q1 Q0 x 1 nan r\n" + strings.Join(lines[bad:], "")
				_, err = ReadRun(strings.NewReader(broken), "r", dataio.TREC)
				var ie *dataio.InputError
				if !errors.As(err, &ie) || ie.Line != bad || ie.Field != "score" {
					t.Errorf("seed %d, chunk size %d: error %v, want line %d score", seed, size, err, bad)
				}
			})
		}
	}
}

func TestReadRunFormats(t *testing.T) {
	want := map[string][]metrics.ScoredDoc{
		"1": {{DocNo: "a", Score: 0.5}, {DocNo: "b", Score: -1e-3}},
		"2": {{DocNo: "a", Score: 3}},
	}
	inputs := map[dataio.Format]string{
		dataio.TREC:  "1 Q0 a 1 0.5 r extra\r\n  1\tQ0 b 2 -1e-3 r\n2 Q0 a 1 3 r",
		dataio.CSV:   "docno,qid,score\na,1,0.5\nb,1,-1e-3\na,2,3\n",
		dataio.JSONL: `{"qid":"1","docno":"a","score":0.5}` + "\n" + `{"qid":"1","docno":"b","score":-1e-3}` + "\n" + `{"qid":"2","docno":"a","score":3}` + "\n",
	}
	for format, text := range inputs {
		got, err := ReadRun(strings.NewReader(text), "dir/myrun.x", format)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if !reflect.DeepEqual(got.Queries, want) || got.NumLines != 3 {
			t.Errorf("%s: got %v", format, got.Queries)
		}
		wantID := "myrun"
		if format == dataio.TREC {
			wantID = "r"
		}
		if got.ID != wantID {
			t.Errorf("%s: ID %q, want %q", format, got.ID, wantID)
		}
	}
}

func TestReadQrelsFormats(t *testing.T) {
	want := map[string]map[string]int{"1": {"a": 2, "b": 0, "c": -1}, "2": {"a": 1}}
	inputs := map[dataio.Format]string{
		dataio.TREC:  "# judged\n1 0 a 2\n1 0 b 0\n\n1 0 c -1\n2 0 a 1",
		dataio.CSV:   "qid,docno,rel\n1,a,2\n1,b,0\n1,c,-1\n2,a,1.0\n",
		dataio.JSONL: `{"qid":"1","docno":"a","rel":2}` + "\n" + `{"qid":"1","docno":"b","rel":0}` + "\n" + `{"qid":"1","docno":"c","rel":-1}` + "\n" + `{"qid":"2","docno":"a","rel":1}` + "\n",
	}
	for format, text := range inputs {
		got, err := ReadQrels(strings.NewReader(text), "q", format)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if !reflect.DeepEqual(got.Queries, want) || got.NumLines != 4 {
			t.Errorf("%s: got %v", format, got.Queries)
		}
	}
}

func TestReadErrors(t *testing.T) {
	cases := []struct {
		what, text string
		format     dataio.Format
		qrels      bool
		want       string
	}{
		{"run csv NaN", "qid,docno,score\n1,a,NaN\n", dataio.CSV, false, `r:2: score: expected a finite number, got "NaN"`},
		{"run csv dup", "qid,docno,score\n1,a,1\n1,a,2\n", dataio.CSV, false, `r:3: docno: docno "a" listed twice for query "1" (first at line 2); each document may be ranked once`},
		{"run csv no column", "qid,doc,score\n1,a,1\n", dataio.CSV, false, `r:1: docno: no such column; the header has qid, doc, score`},
		{"run jsonl empty docno", `{"qid":"1","docno":"","score":1}` + "\n", dataio.JSONL, false, `r:1: docno: empty docno`},
		{"run inf", "1 Q0 a 1 +Inf r\n", dataio.TREC, false, `r:1: score: expected a finite number, got "+Inf"`},
		{"qrels extra field", "1 0 a 1 x\n", dataio.TREC, true, `r:1: expected 4 fields (qid iter docno rel), got 5`},
		{"qrels empty", "# only\n", dataio.TREC, true, `r: empty qrels: expected lines "qid iter docno rel"`},
		{"qrels csv rel", "qid,docno,rel\n1,a,high\n", dataio.CSV, true, `r:2: rel: expected an integer relevance, got "high"`},
		{"qrels huge rel", "1 0 a 99999999999\n", dataio.TREC, true, `r:1: rel: expected an integer relevance, got "99999999999"`},
	}
	for _, c := range cases {
		var err error
		if c.qrels {
			_, err = ReadQrels(strings.NewReader(c.text), "r", c.format)
		} else {
			_, err = ReadRun(strings.NewReader(c.text), "r", c.format)
		}
		var ie *dataio.InputError
		if !errors.As(err, &ie) || err.Error() != c.want {
			t.Errorf("%s: error %v, want %s", c.what, err, c.want)
		}
	}
}

func TestReadInteractions(t *testing.T) {
	got, err := ReadInteractions(strings.NewReader("# train\nu1 i1 5\n\nu2\ti2\n"), "t", dataio.TREC)
	want := []Interaction{{"u1", "i1", 2}, {"u2", "i2", 4}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, %v", got, err)
	}
	if _, err := ReadInteractions(strings.NewReader("u1\n"), "t", dataio.TREC); err == nil || err.Error() != "t:1: expected 2 fields (user item), got 1" {
		t.Errorf("short line: %v", err)
	}
	got, err = ReadInteractions(strings.NewReader("item,user\ni1,u1\n"), "t", dataio.CSV)
	if err != nil || !reflect.DeepEqual(got, []Interaction{{"u1", "i1", 2}}) {
		t.Errorf("csv: %v, %v", got, err)
	}
	// A header in the whitespace format is refused, never read as a pair;
	// a later "user item" row is a pair like any other.
	_, err = ReadInteractions(strings.NewReader("# comment\nUser Item\nu1 i1\n"), "t", dataio.TREC)
	if err == nil || !strings.HasPrefix(err.Error(), `t:2: "User Item" looks like a header`) {
		t.Errorf("header: %v", err)
	}
	got, err = ReadInteractions(strings.NewReader("u1 i1\nuser item\n"), "t", dataio.TREC)
	if err != nil || len(got) != 2 {
		t.Errorf("user item as a later row: %v, %v", got, err)
	}
}

// checkRun holds for every run ReadRun accepts.
func checkRun(t *testing.T, run *Run) {
	n := 0
	for qid, docs := range run.Queries {
		seen := map[string]bool{}
		for _, d := range docs {
			if seen[d.DocNo] || d.DocNo == "" || qid == "" {
				t.Fatalf("query %q: bad or repeated docno %q", qid, d.DocNo)
			}
			seen[d.DocNo] = true
			if math.IsNaN(d.Score) || math.IsInf(d.Score, 0) {
				t.Fatalf("non-finite score %v", d.Score)
			}
		}
		n += len(docs)
		if _, err := metrics.NewRanking(nil, docs, 0); err != nil {
			t.Fatalf("accepted run fails NewRanking: %v", err)
		}
	}
	if n != run.NumLines {
		t.Fatalf("NumLines %d, docs %d", run.NumLines, n)
	}
}

func FuzzRun(f *testing.F) {
	f.Add("1 Q0 a 1 0.5 r\n1 Q0 b 2 0.5 r\n")
	f.Add("1 Q0 a 1 1e400 r\n")
	f.Add("# c\n\n1 Q0 a 1 -0 r x y\r\n2 Q0 a 1 0x1p-2 r")
	f.Add("1 Q0 a 1 0.5 r\n1 Q0 a 2 0.4 r\n")
	f.Add("1\tQ0\ta\t1\t.5")
	f.Fuzz(func(t *testing.T, text string) {
		for _, size := range []int{5, 4 << 20} {
			withChunkSize(t, size, func() {
				run, err := ReadRun(strings.NewReader(text), "r", dataio.TREC)
				if err != nil {
					var ie *dataio.InputError
					if !errors.As(err, &ie) {
						t.Fatalf("error is not an InputError: %v", err)
					}
					return
				}
				checkRun(t, run)
			})
		}
		for _, format := range []dataio.Format{dataio.CSV, dataio.JSONL} {
			if run, err := ReadRun(strings.NewReader(text), "r", format); err == nil {
				checkRun(t, run)
			}
		}
	})
}

func FuzzQrels(f *testing.F) {
	f.Add("1 0 a 1\n1 0 b 0\n2 0 a -1\n")
	f.Add("# c\n1 0 a 1.0\n")
	f.Add("1 0 a 1\n1 0 a 2\n")
	f.Add("qid,docno,rel\n1,a,2\n")
	f.Fuzz(func(t *testing.T, text string) {
		for _, format := range []dataio.Format{dataio.TREC, dataio.CSV, dataio.JSONL} {
			q, err := ReadQrels(strings.NewReader(text), "q", format)
			if err != nil {
				var ie *dataio.InputError
				if !errors.As(err, &ie) {
					t.Fatalf("%s: error is not an InputError: %v", format, err)
				}
				continue
			}
			n := 0
			for _, m := range q.Queries {
				n += len(m)
			}
			if n != q.NumLines || n == 0 && format == dataio.TREC {
				t.Fatalf("%s: NumLines %d, judgments %d", format, q.NumLines, n)
			}
		}
	})
}

// TestParseScoreExact: the fast decimal path returns exactly what
// strconv.ParseFloat returns, on random and edge-case decimals.
func TestParseScoreExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	inputs := []string{"0", "-0", "+1", "1.", ".5", "-.5", "0.1", "123456789012345", "1234567890123456",
		"0.000000000000001", "999999999999999", "99999999.9999999", "1e5", "abc", "-", ".", "1.2.3", "+-1"}
	for range 200000 {
		digits := 1 + rng.IntN(17)
		var b strings.Builder
		if rng.IntN(2) == 0 {
			b.WriteByte('-')
		}
		dot := rng.IntN(digits + 1)
		for d := range digits {
			if d == dot {
				b.WriteByte('.')
			}
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		inputs = append(inputs, b.String())
	}
	for _, s := range inputs {
		got, ok := parseScore([]byte(s))
		want, err := strconv.ParseFloat(s, 64)
		if ok != (err == nil) || ok && math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("parseScore(%q) = %v, %v; strconv: %v, %v", s, got, ok, want, err)
		}
	}
}

// BenchmarkReadRun parses a 500,000-line TREC run held in memory.
func BenchmarkReadRun(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	var sb strings.Builder
	for q := range 500 {
		for i := range 1000 {
			fmt.Fprintf(&sb, "%d Q0 clueweb09-en%05d%03d %d %.6f bench\n", q, rng.IntN(1e5), i, i+1, 30-float64(i)*0.01)
		}
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadRun(strings.NewReader(text), "r", dataio.TREC); err != nil {
			b.Fatal(err)
		}
	}
}

// scoreGrammar is dataio.ParseNumber's grammar, written independently.
var scoreGrammar = regexp.MustCompile(`^[ \t\n\v\f\r]*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?[ \t\n\v\f\r]*$`)

// FuzzParseScore: a score is read exactly when it is a finite number of the
// one grammar of numbers (no "0x1p-1", no "1_0", no "Inf"), and then as
// strconv.ParseFloat reads it, bit for bit.
func FuzzParseScore(f *testing.F) {
	for _, s := range []string{"0.5", "-12.345678", "999999999999999", "1e3", ".1", "1.", "+0", "0x1p-1", "1_0", "Inf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseScore([]byte(s))
		want, err := strconv.ParseFloat(strings.Trim(s, " \t\n\v\f\r"), 64)
		wantOK := scoreGrammar.MatchString(s) && err == nil && !math.IsNaN(want) && !math.IsInf(want, 0)
		if ok != wantOK || ok && math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("parseScore(%q) = %v, %v; strconv: %v, %v", s, got, ok, want, err)
		}
	})
}
