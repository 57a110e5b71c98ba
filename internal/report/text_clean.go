package report

import (
	"strings"
	"unicode/utf8"
)

// cleanText removes what a reader of a report cannot use and some parsers
// reject: ANSI escape sequences (colour codes a check's message may carry
// from a terminal tool), every other control character except tab and
// newline, and invalid UTF-8 (replaced by U+FFFD). XML 1.0 forbids most C0
// controls outright, so a single ESC makes junit.xml unreadable to Jenkins'
// and GitLab's parsers; the HTML, Markdown and terminal writers apply the
// same cleaning so that every output shows the same text. Carriage returns
// are dropped ("\r\n" becomes "\n").
func cleanText(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
			i += size
			if size == 0 {
				i++
			}
			continue
		case r == 0x1b: // ESC: skip the whole escape sequence
			i += size + escapeLen(s[i+size:])
			continue
		case r == '\t' || r == '\n':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			// C0 and C1 controls, DEL: dropped.
		case r == 0xfffe || r == 0xffff || (r >= 0xd800 && r <= 0xdfff):
			// not characters in XML 1.0
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// isClean reports whether cleanText would return s unchanged; the common
// case, so it allocates nothing.
func isClean(s string) bool {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return false
		case r == utf8.RuneError || r == 0xfffe || r == 0xffff:
			return false
		}
	}
	return true
}

// escapeLen is the length of the ANSI escape sequence whose ESC has just
// been read: a CSI sequence "[" params final-byte (0x40-0x7e), an OSC
// sequence "]" ... ended by BEL or ESC "\\", or intermediate bytes and a
// final byte (ESC ( B, ESC 7).
func escapeLen(rest string) int {
	if rest == "" {
		return 0
	}
	switch rest[0] {
	case '[':
		for j := 1; j < len(rest); j++ {
			if c := rest[j]; c >= 0x40 && c <= 0x7e {
				return j + 1
			} else if c < 0x20 || c > 0x7e {
				return j // malformed: stop before the stray byte, which is cleaned on its own
			}
		}
		return len(rest)
	case ']':
		for j := 1; j < len(rest); j++ {
			if rest[j] == 0x07 {
				return j + 1
			}
			if rest[j] == 0x1b && j+1 < len(rest) && rest[j+1] == '\\' {
				return j + 2
			}
		}
		return len(rest)
	default:
		// ESC, intermediate bytes (0x20-0x2f, as in ESC ( B), a final byte.
		j := 0
		for j < len(rest) && rest[j] >= 0x20 && rest[j] <= 0x2f {
			j++
		}
		if j < len(rest) && rest[j] >= 0x30 && rest[j] <= 0x7e {
			return j + 1
		}
		return j
	}
}

// oneLine is cleanText with newlines and tabs turned into spaces, for table
// cells and attributes that are read as one line.
func oneLine(s string) string {
	s = cleanText(s)
	if strings.ContainsAny(s, "\n\t") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return s
}

// truncate shortens s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
