// Command trivialserver serves a trivial model over the Open Inference
// Protocol v2, REST and (with -grpc-addr) gRPC, for measuring the serving
// client and handlers against wrk: model "trivial" takes x (FP32, shape
// [-1]) and returns y = x.
//
//	go run ./harness/serving/internal/trivialserver -addr 127.0.0.1:8577 -grpc-addr 127.0.0.1:8578
package main

import (
	"context"
	"flag"
	"log"
	"net"
	"net/http"

	"google.golang.org/grpc"

	"github.com/mltest/mltest/harness/serving"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8577", "listen address")
	grpcAddr := flag.String("grpc-addr", "", "also serve v2 gRPC at this address")
	flag.Parse()
	if *grpcAddr != "" {
		ln, err := net.Listen("tcp", *grpcAddr)
		if err != nil {
			log.Fatal(err)
		}
		s := grpc.NewServer()
		serving.RegisterV2GRPC(s, Trivial())
		log.Printf("trivialserver: serving model %q over v2 gRPC on %s", "trivial", *grpcAddr)
		go func() { log.Fatal(s.Serve(ln)) }()
	}
	log.Printf("trivialserver: serving model %q over v2 on http://%s", "trivial", *addr)
	log.Fatal(http.ListenAndServe(*addr, serving.NewV2Handler(Trivial())))
}

// Trivial is the model served: y = x.
func Trivial() serving.Model {
	return serving.Model{
		Name:    "trivial",
		Inputs:  []serving.TensorSpec{{Name: "x", Datatype: serving.FP32, Shape: []int{-1}}},
		Outputs: []serving.TensorSpec{{Name: "y", Datatype: serving.FP32, Shape: []int{-1}}},
		Predict: func(ctx context.Context, rows []serving.Row) ([]map[string]serving.Value, error) {
			outs := make([]map[string]serving.Value, len(rows))
			for i, r := range rows {
				outs[i] = map[string]serving.Value{"y": r.Values["x"]}
			}
			return outs, nil
		},
	}
}
