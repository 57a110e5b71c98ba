package reclog

import (
	"encoding/json"
	"net/http"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/harness/model"
)

// RecommendRequest is the body of POST /recommend.
type RecommendRequest struct {
	RequestID string `json:"request_id"`
	User      string `json:"user"`
	K         int    `json:"k,omitempty"`
}

// ClickRequest is the body of POST /click: the id of a served row.
type ClickRequest struct {
	ID string `json:"id"`
}

// Handler serves m with both logs: POST /recommend returns the list (and
// logs it), POST /click logs a click on a row of a list served before.
func Handler(m *rec.Model, l *Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /recommend", func(w http.ResponseWriter, r *http.Request) {
		var req RecommendRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.RequestID == "" || req.User == "" {
			http.Error(w, "want {\"request_id\": ..., \"user\": ...}", http.StatusBadRequest)
			return
		}
		out, err := model.Predict[rec.Request, rec.Features, rec.Raw, rec.Output](m, rec.Request{User: req.User, K: req.K})
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if err := l.Served(req.RequestID, req.User, out); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("POST /click", func(w http.ResponseWriter, r *http.Request) {
		var req ClickRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.ID == "" {
			http.Error(w, "want {\"id\": ...}", http.StatusBadRequest)
			return
		}
		if err := l.Clicked(req.ID); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}
