package serving

import "encoding/json"

// The JSON bodies of the Open Inference Protocol v2 REST API (KServe v2,
// Triton, MLServer), as its specification names their fields. Tensor data is
// kept as raw JSON: the spec allows it flat in row-major order or as nested
// arrays, and the readers here accept both; the writers here write it flat.

// V2InferenceRequest is the body of POST /v2/models/{name}[/versions/{v}]/infer.
type V2InferenceRequest struct {
	ID         string            `json:"id,omitempty"`
	Parameters map[string]any    `json:"parameters,omitempty"`
	Inputs     []V2Tensor        `json:"inputs"`
	Outputs    []V2RequestOutput `json:"outputs,omitempty"`
}

// V2RequestOutput names an output the request wants; with none, a server
// returns every output.
type V2RequestOutput struct {
	Name       string         `json:"name"`
	Parameters map[string]any `json:"parameters,omitempty"`
}

// V2Tensor is a request input or a response output: the whole batch, whose
// first dimension is the batch size.
type V2Tensor struct {
	Name       string          `json:"name"`
	Shape      []int           `json:"shape"`
	Datatype   Datatype        `json:"datatype"`
	Parameters map[string]any  `json:"parameters,omitempty"`
	Data       json.RawMessage `json:"data"`
}

// V2InferenceResponse is the body of a successful infer response.
type V2InferenceResponse struct {
	ModelName    string         `json:"model_name"`
	ModelVersion string         `json:"model_version,omitempty"`
	ID           string         `json:"id,omitempty"`
	Parameters   map[string]any `json:"parameters,omitempty"`
	Outputs      []V2Tensor     `json:"outputs"`
}

// V2ModelMetadata is the body of GET /v2/models/{name}[/versions/{v}].
// Tensor shapes include the batch dimension, -1 where it varies.
type V2ModelMetadata struct {
	Name     string             `json:"name"`
	Versions []string           `json:"versions,omitempty"`
	Platform string             `json:"platform"`
	Inputs   []V2MetadataTensor `json:"inputs"`
	Outputs  []V2MetadataTensor `json:"outputs"`
}

// V2MetadataTensor describes one input or output in V2ModelMetadata.
type V2MetadataTensor struct {
	Name     string   `json:"name"`
	Datatype Datatype `json:"datatype"`
	Shape    []int    `json:"shape"`
}

// V2ErrorResponse is the body of every error response of the protocol, and
// of the TF Serving and JSON handlers here.
type V2ErrorResponse struct {
	Error string `json:"error"`
}
