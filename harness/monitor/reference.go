package monitor

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/skew"
	"github.com/mltest/mltest/metrics/evaluate"
)

// ReadReference reads the reference data (the training data, or a period
// known good) of the drift of every window: the profile of the features
// (skew.ReadProfile) and, when the reference holds the label and score
// columns of a binary task, the warning CalibrationWarning gives on them
// ("" when calibrated, or when it has no such columns: then calibrated is
// false, meaning unknown).
func ReadReference(path string, features []string, kinds map[string]skew.Kind, cols Columns, task evaluate.Task) (prof *skew.Profile, warning string, checked bool, err error) {
	if len(features) > 0 {
		if prof, err = skew.ReadProfile(path, features, kinds); err != nil {
			return nil, "", false, err
		}
	}
	if task != evaluate.Binary || cols.Label == "" || len(cols.Scores) != 1 {
		return prof, "", false, nil
	}
	tab, err := table.Read(path, table.Columns{Task: task, Label: cols.Label, Scores: cols.Scores, Weight: cols.Weight}, table.Options{})
	var ie *table.InputError
	if errors.As(err, &ie) && ie.Line <= 1 && ie.Field != "" {
		return prof, "", false, nil // no label or score column: nothing to check
	}
	if err != nil {
		return nil, "", false, err
	}
	labels := make([]bool, len(tab.Rows))
	scores := make([]float64, len(tab.Rows))
	weights := make([]float64, len(tab.Rows))
	for i, r := range tab.Rows {
		labels[i], scores[i], weights[i] = r.Label == 1, r.Scores[0], r.Weight
	}
	warning, err = CalibrationWarning(labels, scores, weights)
	if err != nil {
		return nil, "", false, &table.InputError{File: path, Field: cols.Scores[0], Msg: err.Error()}
	}
	return prof, warning, true, nil
}

// UseReference reads the reference data at path (ReadReference) into cfg:
// the profile every window's drift is measured from, of
// cfg.Options.Features, those named in categorical compared as categories
// and the numeric ones over bins quantile bins. With Options.Estimate,
// warning says when the scores are not calibrated on the reference, or when
// their calibration could not be checked there.
func (cfg *Config) UseReference(path string, categorical []string, bins int) (warning string, err error) {
	kinds := map[string]skew.Kind{}
	for _, f := range categorical {
		kinds[f] = skew.Categorical
	}
	prof, calib, checked, err := ReadReference(path, cfg.Options.Features, kinds, cfg.Columns, cfg.Options.Evaluate.Task)
	if err != nil {
		return "", err
	}
	cfg.Options.Reference = prof
	cfg.Options.DriftOptions = skew.Options{Bins: bins, Kinds: kinds}
	switch {
	case !cfg.Options.Estimate:
	case calib != "":
		return calib, nil
	case !checked:
		return fmt.Sprintf("%s has no %s and %s columns: the calibration of the scores --estimate relies on is not checked", path, cfg.Columns.Label, strings.Join(cfg.Columns.Scores, ",")), nil
	}
	return "", nil
}
