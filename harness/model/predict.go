package model

// Predict runs Encode, Score and Decode in order and returns the output. A
// failing stage stops the run; the error is a *StageError naming it.
func Predict[In, Feat, Raw, Out any](m Model[In, Feat, Raw, Out], in In) (Out, error) {
	s, err := Trace(m, in)
	return s.Output, err
}

// Stages records what every stage of one prediction produced. Reached says
// how many stages completed: 3 for a full run, fewer when a stage failed,
// in which case the fields of the stages not reached hold zero values.
type Stages[Feat, Raw, Out any] struct {
	Features Feat
	Raw      Raw
	Output   Out
	Reached  int
}

// Trace runs the model like Predict and records the output of every stage,
// so that two paths (a batch job and a server) can be compared stage by
// stage. On failure it returns the stages reached so far and a *StageError.
func Trace[In, Feat, Raw, Out any](m Model[In, Feat, Raw, Out], in In) (Stages[Feat, Raw, Out], error) {
	var s Stages[Feat, Raw, Out]
	var err error
	if s.Features, err = m.Encode(in); err != nil {
		return s, stageError(m, StageEncode, err)
	}
	s.Reached = 1
	if s.Raw, err = m.Score(s.Features); err != nil {
		return s, stageError(m, StageScore, err)
	}
	s.Reached = 2
	if s.Output, err = m.Decode(in, s.Raw); err != nil {
		return s, stageError(m, StageDecode, err)
	}
	s.Reached = 3
	return s, nil
}

func stageError[In, Feat, Raw, Out any](m Model[In, Feat, Raw, Out], st Stage, err error) error {
	return &StageError{Model: m.Describe().Name, Stage: st, Err: err}
}
