package suite

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/mltest/mltest/harness/parity"
	"github.com/mltest/mltest/harness/serving"
)

func (p *parser) parityKey(m *ParityCheck, key string, v *yaml.Node, path string) error {
	var err error
	switch key {
	case "requests":
		m.Requests, err = p.filePath(v, path)
	case "offline":
		m.Offline, err = p.filePath(v, path)
	case "against":
		m.Against = &ParityEndpoint{}
		err = p.mapping(v, path, []string{"url", "protocol", "model"}, func(key string, v *yaml.Node, path string) error {
			var err error
			switch key {
			case "url":
				m.Against.URL, err = p.str(v, path)
			case "protocol":
				m.Against.Protocol, err = p.oneOf(v, path, parity.Protocols...)
			case "model":
				m.Against.Model, err = p.str(v, path)
			}
			return err
		})
		if err == nil && m.Against.URL == "" {
			err = p.errf(v, path+".url", "required: the second endpoint's URL")
		}
	case "protocol":
		m.Protocol, err = p.oneOf(v, path, parity.Protocols...)
	case "url":
		m.URL, err = p.str(v, path)
	case "model":
		m.Model, err = p.str(v, path)
	case "signature":
		m.Signature, err = p.str(v, path)
	case "grpc_contents":
		var c string
		c, err = p.oneOf(v, path, "raw", "typed")
		m.TypedContents = c == "typed"
	case "binary_data":
		m.BinaryData, err = p.boolean(v, path)
	case "headers":
		m.Headers = map[string]string{}
		err = p.mapping(v, path, nil, func(key string, v *yaml.Node, path string) error {
			var err error
			m.Headers[key], err = p.str(v, path)
			return err
		})
	case "tls":
		m.TLS.Enable, err = p.boolean(v, path)
	case "tls_ca":
		m.TLS.CAFile, err = p.filePath(v, path)
	case "tls_cert":
		m.TLS.CertFile, err = p.filePath(v, path)
	case "tls_key":
		m.TLS.KeyFile, err = p.filePath(v, path)
	case "abs_tol":
		m.AbsTol, err = p.nonNeg(v, path)
	case "rel_tol":
		m.RelTol, err = p.nonNeg(v, path)
	case "rank_k":
		m.RankK, err = p.intMin(v, path, 1)
	case "concurrency":
		m.Concurrency, err = p.intMin(v, path, 1)
	case "batch":
		m.Batch, err = p.intMin(v, path, 1)
	case "timeout":
		m.Timeout, err = p.duration(v, path)
	case "retries":
		m.Retries, err = p.intMin(v, path, 0)
	case "max_mismatches":
		m.MaxMismatches, err = p.intMin(v, path, 0)
	case "stages":
		seen := map[string]string{}
		err = p.mapping(v, path, nil, func(name string, v *yaml.Node, path string) error {
			outs, err := p.strList(v, path)
			if err != nil {
				return err
			}
			for _, o := range outs {
				if prev, dup := seen[o]; dup {
					return p.errf(v, path, "output %q is already in stage %q", o, prev)
				}
				seen[o] = name
			}
			m.Stages = append(m.Stages, Stage{Name: name, Outputs: outs})
			return nil
		})
		if err == nil && len(m.Stages) == 0 {
			err = p.errf(v, path, "empty mapping")
		}
	}
	return err
}

// checkParity checks what a parity check's keys say together, once all are
// read: one of offline and against, each URL of its protocol's form, a
// model where the protocol needs one, options only where they apply.
func (p *parser) checkParity(m *ParityCheck, n *yaml.Node, lines map[string]*yaml.Node, path string) error {
	switch {
	case lines["offline"] == nil && lines["against"] == nil:
		return p.errf(n, path+".offline", "required for a parity check (or against: a second endpoint)")
	case lines["offline"] != nil && lines["against"] != nil:
		return p.errf(lines["against"], path+".against", "a parity check compares with offline or against, not both")
	}
	if err := p.checkParityURL(m.Protocol, m.URL, lines["url"], path+".url"); err != nil {
		return err
	}
	if m.Protocol != "json" && m.Model == "" {
		return p.errf(n, path+".model", "required for protocol %s", m.Protocol)
	}
	for _, opt := range []struct {
		key  string
		ok   []string
		name string
	}{{"signature", []string{"tfserving-grpc"}, "tfserving-grpc"}, {"grpc_contents", []string{"v2-grpc"}, "v2-grpc"}, {"binary_data", []string{"v2"}, "v2"}} {
		if lines[opt.key] != nil && !slices.Contains(opt.ok, m.Protocol) {
			return p.errf(lines[opt.key], path+"."+opt.key, "applies to protocol %s, not %s", opt.name, m.Protocol)
		}
	}
	if a := m.Against; a != nil {
		if a.Protocol == "" {
			a.Protocol = m.Protocol
		}
		if a.Model == "" {
			a.Model = m.Model
		}
		if err := p.checkParityURL(a.Protocol, a.URL, lines["against"], path+".against.url"); err != nil {
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
