package interleave

import (
	"io"

	"github.com/mltest/mltest/internal/dataio"
)

// ReadLog reads an interleaving log: JSONL (gzip read transparently, "-"
// for stdin), one Impression a line. userKey names the key holding the
// user ("" when the analysis does not use users; then User is left empty).
//
// Every problem is a *dataio.InputError naming the file, the line and the
// field: a line that is not a JSON object, a missing or null key, an id or
// item that is not a string or an integer, an impression that fails
// Impression.Check, an id that repeats an earlier line's (naming that
// line), a file with no impression.
func ReadLog(name string, stdin io.Reader, userKey string) ([]Impression, error) {
	f, err := dataio.Open(name, stdin)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return DecodeLog(f, name, userKey)
}

// DecodeLog is ReadLog over an open reader; name is used in errors.
func DecodeLog(r io.Reader, name, userKey string) ([]Impression, error) {
	o := dataio.NewObjectReader(r, name)
	var out []Impression
	lineOf := map[string]int{}
	for o.Next() {
		var im Impression
		var err error
		if im.ID, err = o.ID("id"); err != nil {
			return nil, err
		}
		if first, dup := lineOf[im.ID]; dup {
			return nil, o.Errorf("id", "duplicate id %q (first on line %d)", im.ID, first)
		}
		lineOf[im.ID] = o.Line()
		if userKey != "" {
			if im.User, err = o.ID(userKey); err != nil {
				return nil, err
			}
		}
		if im.Items, err = o.IDs("items"); err != nil {
			return nil, err
		}
		if im.Teams, err = o.IDs("teams"); err != nil {
			return nil, err
		}
		if im.Clicks, err = o.IDs("clicks"); err != nil {
			return nil, err
		}
		if field, msg := im.Check(); field != "" {
			return nil, o.Errorf(field, "%s", msg)
		}
		out = append(out, im)
	}
	if err := o.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, dataio.Errorf(name, 0, "", "no impressions")
	}
	return out, nil
}
