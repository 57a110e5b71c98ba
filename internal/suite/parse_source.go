package suite

import (
	"gopkg.in/yaml.v3"

	"github.com/mltest/mltest/internal/dataio"
)

// sources reads the suite's data: mapping, one data source per name
// (sourceFields), and checks what holds across a source's keys: a table
// (path) or a ranking (qrels and run), with the keys that apply to it.
func (p *parser) sources(s *Suite, n *yaml.Node) error {
	return p.mapping(n, "data", nil, func(name string, v *yaml.Node, path string) error {
		src := &Source{Name: name, Line: v.Line, QueryID: "qid", RelevanceLevel: 1}
		if _, err := p.readFields(v, path, sourceFields(src)); err != nil {
			return err
		}
		switch {
		case src.Path != "" && (src.Qrels != "" || src.Run != ""):
			return p.errf(v, path, "give either path (a predictions table) or qrels and run (a ranking), not both")
		case src.Path == "" && (src.Qrels == "") != (src.Run == ""):
			return p.errf(v, path, "a ranking needs both qrels and run")
		case src.Path == "" && src.Qrels == "":
			return p.errf(v, path, "want path (a predictions table) or qrels and run (a ranking)")
		}
		if src.Path != "" && src.Format == "" {
			switch dataio.FormatOf(src.Path) {
			case dataio.CSV, dataio.JSONL, dataio.Parquet:
			default:
				return p.errf(v, path+".path", "%s: cannot tell the format from the name (.csv, .jsonl, .ndjson, optionally .gz, or .parquet): add format:", src.Path)
			}
		}
		if len(src.Classes) > 0 && len(src.Scores) > 1 && len(src.Classes) != len(src.Scores) {
			return p.errf(v, path+".classes", "names %d classes, score names %d columns", len(src.Classes), len(src.Scores))
		}
		if src.Ranking() {
			for _, k := range []struct{ key, val string }{{"label", src.Label}, {"weight", src.Weight}, {"cluster", src.Cluster}, {"format", src.Format}} {
				if k.val != "" {
					return p.errf(v, path+"."+k.key, "does not apply to a ranking (qrels and run)")
				}
			}
			if len(src.Scores) > 0 {
				return p.errf(v, path+".score", "does not apply to a ranking (runs carry their scores)")
			}
			if len(src.Slices) > 0 && src.Queries == "" {
				return p.errf(v, path+".slices", "a ranking's slices are columns of a queries table: add queries: FILE")
			}
		} else if src.Queries != "" {
			return p.errf(v, path+".queries", "applies to a ranking (qrels and run) only")
		} else {
			for _, k := range []struct {
				key string
				set bool
			}{{"complete", src.Complete}, {"judgments", src.Judgments != ""}, {"ties", src.Ties != ""},
				{"judged_only", src.JudgedOnly}, {"max_docs", src.MaxDocs != 0}} {
				if k.set {
					return p.errf(v, path+"."+k.key, "applies to a ranking (qrels and run) only")
				}
			}
		}
		s.Sources[name] = src
		s.Order = append(s.Order, name)
		return nil
	})
}
