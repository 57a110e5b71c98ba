package report

import "testing"

func TestCleanText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain text, ünïcode ✓", "plain text, ünïcode ✓"},
		{"\x1b[31mred\x1b[0m", "red"},
		{"\x1b[1;38;5;196mbold\x1b[m end", "bold end"},
		{"title\x1b]0;window title\x07 after", "title after"},
		{"link \x1b]8;;http://x\x1b\\text\x1b]8;;\x1b\\", "link text"},
		{"esc at end \x1b", "esc at end "},
		{"\x1b(B charset", " charset"},
		{"tab\tand\nnewline kept, cr\r\ndropped", "tab\tand\nnewline kept, cr\ndropped"},
		{"nul\x00 bell\x07 bs\x08 vt\x0b ff\x0c del\x7f", "nul bell bs vt ff del"},
		{"c1\u0085\u009b controls", "c1 controls"},
		{"bad \xff\xfe utf8", "bad \ufffd\ufffd utf8"},
		{"not chars \ufffe\uffff", "not chars "},
		{"", ""},
	}
	for _, c := range cases {
		if got := cleanText(c.in); got != c.want {
			t.Errorf("cleanText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCleanTextAllocatesNothingForCleanText(t *testing.T) {
	s := "roc_auc [device=web] = 0.8123, want >= 0.85"
	if n := testing.AllocsPerRun(100, func() { _ = cleanText(s) }); n != 0 {
		t.Errorf("cleanText of clean text: %v allocations, want 0", n)
	}
}

func TestOneLineAndTruncate(t *testing.T) {
	if got := oneLine("a\n\tb  c\x1b[0m"); got != "a b c" {
		t.Errorf("oneLine = %q, want %q", got, "a b c")
	}
	if got := truncate("abcdef", 4); got != "abc…" {
		t.Errorf("truncate = %q, want %q", got, "abc…")
	}
	if got := truncate("äbc", 3); got != "äbc" {
		t.Errorf("truncate = %q, want unchanged", got)
	}
}
