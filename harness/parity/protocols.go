package parity

import (
	"crypto/tls"
	"net/http"
	"strings"

	"github.com/mltest/mltest/harness/serving"
)

// protocol is one protocol an Endpoint speaks: its name (Endpoint.Protocol),
// whether it addresses a model by name (then Endpoint.Model is required),
// and how it is built for an endpoint and the offline rows. A new serving
// protocol is one entry here; the CLI and the suite take the list from
// Protocols.
type protocol struct {
	name       string
	namesModel bool
	build      func(e Endpoint, offline []serving.Row, w wire) serving.Protocol
}

// wire is what an Endpoint's headers and TLS make of the connection: an
// HTTP client (nil: the protocols' shared default), HTTP headers, and the
// TLS configuration of a gRPC connection (nil: as the URL's scheme says).
type wire struct {
	http   *http.Client
	header http.Header
	tls    *tls.Config
}

func (w wire) grpc(e Endpoint) serving.GRPCConfig {
	return serving.GRPCConfig{TLS: w.tls, Header: e.Header}
}

var protocols = []protocol{
	{"v2", true, func(e Endpoint, _ []serving.Row, w wire) serving.Protocol {
		p := serving.NewV2(e.URL, e.Model, w.http)
		p.Header, p.BinaryData = w.header, e.BinaryData
		return p
	}},
	{"v2-grpc", true, func(e Endpoint, _ []serving.Row, w wire) serving.Protocol {
		p := serving.NewV2GRPC(e.URL, e.Model, w.grpc(e))
		p.Typed = e.TypedContents
		return p
	}},
	{"tfserving", true, func(e Endpoint, offline []serving.Row, w wire) serving.Protocol {
		tf := serving.NewTFServing(e.URL, e.Model, w.http)
		tf.OutputName, tf.Header = singleOutput(offline), w.header
		return tf
	}},
	{"tfserving-grpc", true, func(e Endpoint, _ []serving.Row, w wire) serving.Protocol {
		p := serving.NewTFServingGRPC(e.URL, e.Model, w.grpc(e))
		p.Signature = e.Signature
		return p
	}},
	{"json", false, func(e Endpoint, _ []serving.Row, w wire) serving.Protocol {
		p := serving.NewJSON(e.URL, w.http)
		p.Header = w.header
		return p
	}},
}

// Protocols returns the names Endpoint.Protocol accepts: "v2" (Open
// Inference Protocol REST), "v2-grpc" (its gRPC API), "tfserving" (TF
// Serving REST), "tfserving-grpc" (TF Serving's PredictionService) and
// "json" (one row's inputs POSTed as a JSON object).
func Protocols() []string {
	names := make([]string, len(protocols))
	for i, p := range protocols {
		names[i] = p.name
	}
	return names
}

// NeedsModel reports whether protocol addresses a model by name, so that
// an Endpoint speaking it needs a Model; false for an unknown protocol.
func NeedsModel(protocol string) bool {
	p, ok := lookupProtocol(protocol)
	return ok && p.namesModel
}

func lookupProtocol(name string) (protocol, bool) {
	for _, p := range protocols {
		if p.name == name {
			return p, true
		}
	}
	return protocol{}, false
}

// protocolChoice is the list of protocols for a message: "v2, v2-grpc, ... or json".
func protocolChoice() string {
	names := Protocols()
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
