package suite

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/mltest/mltest/harness/parity"
	"github.com/mltest/mltest/harness/serving"
)

// The parity check's readers and its rules across keys.

// parityEndpoint reads against: a mapping of url (required), protocol and
// model; protocol and model default to the check's (finishParity).
func parityEndpoint(dst **ParityEndpoint) reader {
	return func(p *parser, v *yaml.Node, path string) error {
		a := &ParityEndpoint{}
		*dst = a
		given, err := p.readFields(v, path, []field{
			requiredKey("url", text(&a.URL)),
			key("protocol", choice(&a.Protocol, parity.Protocols()...)),
			key("model", text(&a.Model)),
		})
		if err == nil && given["url"] == nil {
			err = p.errf(v, path+".url", "required: the second endpoint's URL")
		}
		return err
	}
}

// typedContents reads grpc_contents: raw or typed.
func typedContents(dst *bool) reader {
	return func(p *parser, v *yaml.Node, path string) error {
		c, err := p.oneOf(v, path, "raw", "typed")
		*dst = c == "typed"
		return err
	}
}

// headers reads a mapping of header names to values.
func headers(dst *map[string]string) reader {
	return func(p *parser, v *yaml.Node, path string) error {
		h := map[string]string{}
		*dst = h
		return p.mapping(v, path, nil, func(key string, v *yaml.Node, path string) error {
			var err error
			h[key], err = p.str(v, path)
			return err
		})
	}
}

// finishParity checks what a parity check's keys say together: one of
// offline and against, each URL of its protocol's form, a model where the
// protocol needs one, protocol options only where they apply.
func (p *parser) finishParity(_ *Suite, c *Check, at checkNode) error {
	m := c.Parity
	switch {
	case at.given["offline"] == nil && at.given["against"] == nil:
		return p.errf(at.node, at.path+".offline", "required for a parity check (or against: a second endpoint)")
	case at.given["offline"] != nil && at.given["against"] != nil:
		return p.errf(at.given["against"], at.path+".against", "a parity check compares with offline or against, not both")
	}
	if err := p.checkParityURL(m.Protocol, m.URL, at.given["url"], at.path+".url"); err != nil {
		return err
	}
	if parity.NeedsModel(m.Protocol) && m.Model == "" {
		return p.errf(at.node, at.path+".model", "required for protocol %s", m.Protocol)
	}
	for _, opt := range []struct{ key, protocol string }{{"signature", "tfserving-grpc"}, {"grpc_contents", "v2-grpc"}, {"binary_data", "v2"}} {
		if at.given[opt.key] != nil && m.Protocol != opt.protocol {
			return p.errf(at.given[opt.key], at.path+"."+opt.key, "applies to protocol %s, not %s", opt.protocol, m.Protocol)
		}
	}
	if a := m.Against; a != nil {
		if a.Protocol == "" {
			a.Protocol = m.Protocol
		}
		if a.Model == "" {
			a.Model = m.Model
		}
		if err := p.checkParityURL(a.Protocol, a.URL, at.given["against"], at.path+".against.url"); err != nil {
			return err
		}
	}
	return nil
}

// checkParityURL: http:// or https:// for the REST protocols, HOST:PORT,
// grpc:// or grpcs:// for gRPC.
func (p *parser) checkParityURL(protocol, url string, line *yaml.Node, path string) error {
	if strings.HasSuffix(protocol, "-grpc") {
		if _, _, err := serving.ParseGRPCTarget(url); err != nil {
			return p.errf(line, path, "%v", err)
		}
		return nil
	}
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return p.errf(line, path, "%q: want an http:// or https:// URL", url)
	}
	return nil
}
