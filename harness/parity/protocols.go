package parity

import (
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
	build      func(e Endpoint, offline []serving.Row) serving.Protocol
}

var protocols = []protocol{
	{"v2", true, func(e Endpoint, _ []serving.Row) serving.Protocol {
		return serving.NewV2(e.URL, e.Model, nil)
	}},
	{"tfserving", true, func(e Endpoint, offline []serving.Row) serving.Protocol {
		tf := serving.NewTFServing(e.URL, e.Model, nil)
		tf.OutputName = singleOutput(offline)
		return tf
	}},
	{"json", false, func(e Endpoint, _ []serving.Row) serving.Protocol {
		return serving.NewJSON(e.URL, nil)
	}},
}

// Protocols returns the names Endpoint.Protocol accepts: "v2" (Open
// Inference Protocol), "tfserving" (TF Serving REST) and "json" (one row's
// inputs POSTed as a JSON object).
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

// protocolChoice is the list of protocols for a message: "v2, tfserving or json".
func protocolChoice() string {
	names := Protocols()
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
