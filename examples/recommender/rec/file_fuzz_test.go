package rec_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
)

// FuzzRead: no model file makes Read panic, and a model Read accepts serves
// a request without panicking (it may return an error).
func FuzzRead(f *testing.F) {
	d, _ := recdata.Generate(recdata.Options{Users: 12, Items: 8, Seed: 1})
	h := rec.DefaultHyperparameters()
	h.Factors = 2
	m, err := rec.Train(d, h, rec.DefaultRules())
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		f.Fatal(err)
	}
	valid := buf.String()
	f.Add(valid)
	f.Add(strings.Replace(valid, `"format_version":1`, `"format_version":2`, 1))
	f.Add(strings.Replace(valid, `"factors":2`, `"factors":1000`, 1))
	f.Add(`{"format_version":1,"algorithm":"implicit-als"}`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, text string) {
		m, err := rec.Read(strings.NewReader(text))
		if err != nil {
			return
		}
		user := "u0"
		if len(m.Users) > 0 {
			user = m.Users[0]
		}
		m.Recommend(user, 0)
		m.Recommend("someone new", 3)
	})
}
