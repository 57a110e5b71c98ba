package mltestbeam

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/harness/parity"
	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/trec"
	"github.com/mltest/mltest/metrics/evaluate"
)

func init() {
	beam.RegisterType(reflect.TypeOf((*ExampleColumns)(nil)).Elem())
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(Example), error](&readExamplesFn{})
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(Judgment), error](&readQrelsFn{})
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(RunDoc), func(string), error](&readRunFn{})
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(Prediction), error](&readPredictionsFn{})
	register.Emitter1[Example]()
	register.Emitter1[Judgment]()
	register.Emitter1[RunDoc]()
	register.Emitter1[string]()
	register.Emitter1[Prediction]()
}

// The readers read each matched file whole on one worker, with the core's
// parsers (internal/dataio, internal/trec): the same formats (CSV with a
// header, JSONL, Parquet, gzip detected by its magic bytes) and the same
// "FILE:LINE: field: what" errors as the mltest CLI, which fail the job. A
// large input is many files (a glob), read in parallel. Beam's own
// parquetio needs a Go struct per schema; the core's reader takes columns by
// name, so Parquet goes through it as well. Files on a remote filesystem
// (gs://, s3://, whatever Beam has registered) are first copied to a local
// temporary file, since Parquet needs random access; errors still name the
// remote path.

// ExampleColumns names the columns of a predictions file, as `mltest eval`'s
// flags do.
type ExampleColumns struct {
	Task   evaluate.Task
	Label  string   // --label
	Scores []string // --score: one column, or multiclass one per class or one JSON-array column
	Weight string   // --weight; "" means 1
	ID     string   // --id; "" means FILE:LINE
	// Cluster is the bootstrap's resampling unit column (--cluster); "".
	Cluster string
	Slices  []string // --slice columns
	// ClassNames, for multiclass labels given as names (--classes), in
	// score column order; nil: labels are class indices.
	ClassNames []string
	// Classes is K when Scores is one JSON-array column; else len(Scores).
	Classes int
	// Format is csv, jsonl or parquet; "" takes it from the file name.
	Format string
}

// ReadExamples reads the files matching glob as predictions
// (PCollection<Example>).
func ReadExamples(s beam.Scope, glob string, cols ExampleColumns) beam.PCollection {
	s = s.Scope("mltest.ReadExamples")
	return beam.ParDo(s, &readExamplesFn{Cols: cols}, matches(s, glob))
}

// ReadQrels reads trec_eval qrels files ("qid iter docno rel", or CSV/JSONL
// with qid,docno,rel) matching glob (PCollection<Judgment>). A docno judged
// twice within one file is an error naming both lines.
func ReadQrels(s beam.Scope, glob string) beam.PCollection {
	s = s.Scope("mltest.ReadQrels")
	return beam.ParDo(s, &readQrelsFn{}, matches(s, glob))
}

// ReadRun reads trec_eval run files ("qid iter docno rank score runid", or
// CSV/JSONL with qid,docno,score) matching glob: the documents
// (PCollection<RunDoc>) and each file's run id (PCollection<string>).
func ReadRun(s beam.Scope, glob string) (docs, runIDs beam.PCollection) {
	s = s.Scope("mltest.ReadRun")
	return beam.ParDo2(s, &readRunFn{}, matches(s, glob))
}

// ReadPredictions reads `mltest parity` offline/online files matching glob
// (PCollection<Prediction>): JSONL rows {"id": "...", "outputs": {"name":
// number | array}}, or CSV with an id column and one column per output.
func ReadPredictions(s beam.Scope, glob string) beam.PCollection {
	s = s.Scope("mltest.ReadPredictions")
	return beam.ParDo(s, &readPredictionsFn{}, matches(s, glob))
}

func matches(s beam.Scope, glob string) beam.PCollection {
	return fileio.ReadMatches(s, fileio.MatchFiles(s, glob, fileio.MatchEmptyDisallow()), fileio.ReadUncompressed())
}

// localFile returns a local path holding f's bytes (f's own path when it is
// local) and a cleanup function.
func localFile(ctx context.Context, f fileio.ReadableFile) (string, func(), error) {
	p := f.Metadata.Path
	if !strings.Contains(p, "://") {
		return p, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "mltest-beam-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	local := filepath.Join(dir, filepath.Base(p))
	rc, err := f.Open(ctx)
	if err != nil {
		cleanup()
		return "", nil, err
	}
	defer rc.Close()
	w, err := os.Create(local)
	if err == nil {
		_, err = io.Copy(w, rc)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		cleanup()
		return "", nil, err
	}
	return local, cleanup, nil
}

// renamed makes an error about local name the remote path's.
func renamed(err error, local, remote string) error {
	var ie *dataio.InputError
	if local != remote && errors.As(err, &ie) && ie.File == local {
		ie.File = remote
	}
	return err
}

type readExamplesFn struct {
	Cols ExampleColumns
}

func (f *readExamplesFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(Example)) error {
	path, cleanup, err := localFile(ctx, file)
	if err != nil {
		return err
	}
	defer cleanup()
	return renamed(readExamples(path, f.Cols, emit), path, file.Metadata.Path)
}

// readExamples parses one predictions file with the one decoder
// (fixtures/table), as `mltest eval` does.
func readExamples(path string, c ExampleColumns, emit func(Example)) error {
	cols := table.Columns{Task: c.Task, Label: c.Label, Scores: c.Scores, Weight: c.Weight, ID: c.ID,
		Cluster: c.Cluster, Slices: c.Slices, Classes: c.ClassNames, Format: c.Format}
	rows, closer, err := table.Open(path, cols, table.Options{})
	if err != nil {
		return err
	}
	defer closer.Close()
	for rows.Next() {
		r := rows.Row()
		if c.Task == evaluate.Multiclass && c.Classes != 0 && len(r.Scores) != c.Classes {
			return rows.Errorf(c.Scores[0], "%d class scores, want %d", len(r.Scores), c.Classes)
		}
		e := Example{ID: r.ID, Label: r.Label, Scores: slices.Clone(r.Scores), Weight: r.Weight, Slice: slices.Clone(r.Slices)}
		if c.ID == "" {
			e.ID = path + ":" + strconv.Itoa(r.Line)
		}
		if c.Cluster != "" {
			e.Cluster = strconv.Itoa(r.Cluster)
		}
		emit(e)
	}
	return rows.Err()
}

type readQrelsFn struct{}

func (f *readQrelsFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(Judgment)) error {
	path, cleanup, err := localFile(ctx, file)
	if err != nil {
		return err
	}
	defer cleanup()
	q, err := flow.ReadQrels(path, nil)
	if err != nil {
		return renamed(err, path, file.Metadata.Path)
	}
	for _, qid := range trec.SortedQIDs(q) {
		for doc, rel := range q[qid] {
			emit(Judgment{QID: qid, DocNo: doc, Rel: rel})
		}
	}
	return nil
}

type readRunFn struct{}

func (f *readRunFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(RunDoc), emitID func(string)) error {
	path, cleanup, err := localFile(ctx, file)
	if err != nil {
		return err
	}
	defer cleanup()
	r, err := flow.ReadRun(path, nil)
	if err != nil {
		return renamed(err, path, file.Metadata.Path)
	}
	for qid, docs := range r.Queries {
		for _, d := range docs {
			emit(RunDoc{QID: qid, DocNo: d.DocNo, Score: d.Score})
		}
	}
	emitID(r.ID)
	return nil
}

type readPredictionsFn struct{}

func (f *readPredictionsFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(Prediction)) error {
	path, cleanup, err := localFile(ctx, file)
	if err != nil {
		return err
	}
	defer cleanup()
	return renamed(readPredictions(path, emit), path, file.Metadata.Path)
}

// readPredictions parses a parity predictions file with `mltest parity`'s
// reader (parity.ReadRows): the same formats, rules and errors.
func readPredictions(path string, emit func(Prediction)) error {
	rows, err := parity.ReadRows(path, nil, "outputs")
	if err != nil {
		return err
	}
	for _, r := range rows {
		p := Prediction{ID: r.ID}
		for _, name := range slices.Sorted(maps.Keys(r.Values)) {
			v := r.Values[name]
			if v.Strings != nil {
				return fmt.Errorf("%s: id %q: output %q holds strings: the Beam parity join compares numeric outputs", path, r.ID, name)
			}
			p.Outputs = append(p.Outputs, Output{Name: name, Values: v.Numbers})
		}
		emit(p)
	}
	return nil
}
