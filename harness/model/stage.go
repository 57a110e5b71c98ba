package model

import "fmt"

// Stage names one of a model's three stages.
type Stage int

// The stages in the order Predict runs them.
const (
	StageEncode Stage = iota
	StageScore
	StageDecode
)

// String returns "encode", "score" or "decode".
func (s Stage) String() string {
	switch s {
	case StageEncode:
		return "encode"
	case StageScore:
		return "score"
	case StageDecode:
		return "decode"
	}
	return fmt.Sprintf("Stage(%d)", int(s))
}

// StageError is the error Predict and Trace return when a stage fails. It
// names the model and the stage so that a batch log or a parity report says
// where the failure happened; Unwrap returns the stage's own error.
type StageError struct {
	Model string // Description.Name of the model
	Stage Stage
	Err   error
}

func (e *StageError) Error() string {
	return fmt.Sprintf("model %s: %s: %v", e.Model, e.Stage, e.Err)
}

func (e *StageError) Unwrap() error { return e.Err }
