package serving

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	pb "github.com/mltest/mltest/harness/serving/internal/inferencepb"
)

// ModelIndexEntry is one model a server says it has, as the Open Inference
// Protocol's model repository extension (Triton's index) lists it.
type ModelIndexEntry struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	State   string `json:"state,omitempty"` // READY, UNAVAILABLE, ...
	Reason  string `json:"reason,omitempty"`
}

// ListModels asks the server for its models: POST {BaseURL}/v2/repository/index.
func (v *V2) ListModels(ctx context.Context) ([]ModelIndexEntry, error) {
	op := "v2 repository index"
	body, _, err := roundTrip(ctx, httpClientOrDefault(v.HTTPClient), httpCall{op: op, method: http.MethodPost,
		url: v.BaseURL + "/v2/repository/index", body: []byte("{}"), header: v.Header})
	if err != nil {
		return nil, err
	}
	var entries []ModelIndexEntry
	if err := json.Unmarshal(body, &entries); err != nil {
		return nil, malformed(op, body, "%v", err)
	}
	return entries, nil
}

// ListModels asks the server for its models: the RepositoryIndex call of
// inference.GRPCInferenceService.
func (v *V2GRPC) ListModels(ctx context.Context) ([]ModelIndexEntry, error) {
	var resp pb.RepositoryIndexResponse
	if err := v.conn.invoke(ctx, "v2-grpc repository index", pb.GRPCInferenceService_RepositoryIndex_FullMethodName, &pb.RepositoryIndexRequest{}, &resp); err != nil {
		return nil, err
	}
	entries := make([]ModelIndexEntry, len(resp.Models))
	for i, m := range resp.Models {
		entries[i] = ModelIndexEntry{Name: m.Name, Version: m.Version, State: m.State, Reason: m.Reason}
	}
	return entries, nil
}

// index lists the served models, one entry a version, sorted.
func (r registry) index() []ModelIndexEntry {
	entries := []ModelIndexEntry{}
	for name, ms := range r {
		for _, m := range ms {
			entries = append(entries, ModelIndexEntry{Name: name, Version: m.Version, State: "READY"})
		}
	}
	slices.SortFunc(entries, func(a, b ModelIndexEntry) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Version, b.Version)
	})
	return entries
}

// String is the entry as `mltest parity --list-models` prints it.
func (e ModelIndexEntry) String() string {
	s := e.Name
	if e.Version != "" {
		s += " version " + e.Version
	}
	if e.State != "" {
		s += " " + e.State
	}
	if e.Reason != "" {
		s += fmt.Sprintf(" (%s)", e.Reason)
	}
	return s
}
