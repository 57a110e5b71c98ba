"""A model server mltest did not write: Python grpcio serving one numpy model
over the Open Inference Protocol v2 gRPC API (inference.GRPCInferenceService)
and TF Serving's PredictionService, from message classes that protoc
generated from harness/serving/internal/proto (see grpcio_test.go).

    python3 server.py GENERATED_DIR    # prints the port, then serves

The model "scorer" takes x (FP32 [-1, 3]) and name (BYTES [-1]) and returns
  score    FP32  float32(0.5*x0 - 0.25*x1 + 2*x2), plus 1 when name starts with "skew"
  half     FP16  float16(x0 / 3)
  greeting BYTES "hi " + name
computed in float64 and cast, as numpy casts (round to nearest even). The
TF Serving side serves the signature "scores" and answers numeric tensors
in tensor_content, as TensorFlow's make_tensor_proto does.
"""
import struct
import sys
from concurrent import futures

import grpc
import numpy as np

sys.path.insert(0, sys.argv[1])
from inference import grpc_predict_v2_pb2 as pb  # noqa: E402
from tensorflow.core.framework import tensor_pb2, tensor_shape_pb2, types_pb2  # noqa: E402
from tensorflow.core.protobuf import meta_graph_pb2  # noqa: E402
from tensorflow_serving.apis import get_model_metadata_pb2, predict_pb2  # noqa: E402

MODEL = "scorer"
SIGNATURE = "scores"
W = np.array([0.5, -0.25, 2.0])


def model(x, names):
    """x: float32 array [n, 3]; names: list of str. Returns the outputs."""
    x = x.astype(np.float64)
    score = x @ W + np.array([1.0 if n.startswith("skew") else 0.0 for n in names])
    return {
        "score": ("FP32", score.astype(np.float32)),
        "half": ("FP16", (x[:, 0] / 3).astype(np.float16)),
        "greeting": ("BYTES", ["hi " + n for n in names]),
    }


def raw_bytes(dt, value):
    if dt == "BYTES":
        return b"".join(struct.pack("<I", len(s.encode())) + s.encode() for s in value)
    return np.ascontiguousarray(value).astype(value.dtype.newbyteorder("<")).tobytes()


# --- Open Inference Protocol v2 -------------------------------------------


def model_metadata(req, ctx):
    if req.name != MODEL:
        ctx.abort(grpc.StatusCode.NOT_FOUND, "model %r not found" % req.name)
    T = pb.ModelMetadataResponse.TensorMetadata
    return pb.ModelMetadataResponse(
        name=MODEL, platform="python-grpcio",
        inputs=[T(name="x", datatype="FP32", shape=[-1, 3]), T(name="name", datatype="BYTES", shape=[-1])],
        outputs=[T(name="score", datatype="FP32", shape=[-1]), T(name="half", datatype="FP16", shape=[-1]),
                 T(name="greeting", datatype="BYTES", shape=[-1])])


def model_infer(req, ctx):
    if req.model_name != MODEL:
        ctx.abort(grpc.StatusCode.NOT_FOUND, "model %r not found" % req.model_name)
    raw = len(req.raw_input_contents) > 0
    inputs = {}
    for i, t in enumerate(req.inputs):
        n = int(np.prod(t.shape))
        if t.datatype == "FP32":
            data = np.frombuffer(req.raw_input_contents[i], dtype="<f4") if raw else np.array(t.contents.fp32_contents, dtype=np.float32)
            inputs[t.name] = data.reshape(list(t.shape))
        elif t.datatype == "BYTES":
            if raw:
                b, out = req.raw_input_contents[i], []
                while b:
                    (k,) = struct.unpack("<I", b[:4])
                    out.append(b[4:4 + k].decode())
                    b = b[4 + k:]
            else:
                out = [s.decode() for s in t.contents.bytes_contents]
            if len(out) != n:
                ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, "input %s: %d strings for shape %s" % (t.name, len(out), list(t.shape)))
            inputs[t.name] = out
        else:
            ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, "input %s: datatype %s" % (t.name, t.datatype))
    if set(inputs) != {"x", "name"}:
        ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, "inputs %s, want x and name" % sorted(inputs))
    outs = model(inputs["x"], inputs["name"])
    wanted = [o.name for o in req.outputs] or list(outs)
    resp = pb.ModelInferResponse(model_name=MODEL, id=req.id)
    as_raw = raw or "half" in wanted  # FP16 travels only raw
    for name in wanted:
        dt, value = outs[name]
        t = resp.outputs.add(name=name, datatype=dt, shape=[len(value)])
        if as_raw:
            resp.raw_output_contents.append(raw_bytes(dt, value))
        elif dt == "FP32":
            t.contents.fp32_contents.extend(value.tolist())
        elif dt == "BYTES":
            t.contents.bytes_contents.extend(s.encode() for s in value)
    return resp


# --- TF Serving ------------------------------------------------------------

TF_DTYPES = {"FP32": types_pb2.DT_FLOAT, "FP16": types_pb2.DT_HALF, "BYTES": types_pb2.DT_STRING}


def shape_proto(dims):
    return tensor_shape_pb2.TensorShapeProto(dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=d) for d in dims])


def tf_check_spec(spec, ctx, signature=True):
    if spec.name != MODEL:
        ctx.abort(grpc.StatusCode.NOT_FOUND, "Servable not found for request: Latest(%s)" % spec.name)
    if signature and spec.signature_name != SIGNATURE:
        ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, "Serving signature name: \"%s\" not found in signature def" % (spec.signature_name or "serving_default"))


def get_model_metadata(req, ctx):
    tf_check_spec(req.model_spec, ctx, signature=False)  # every signature is listed
    info = meta_graph_pb2.TensorInfo
    sig = meta_graph_pb2.SignatureDef(method_name="tensorflow/serving/predict")
    sig.inputs["x"].CopyFrom(info(name="x:0", dtype=types_pb2.DT_FLOAT, tensor_shape=shape_proto([-1, 3])))
    sig.inputs["name"].CopyFrom(info(name="name:0", dtype=types_pb2.DT_STRING, tensor_shape=shape_proto([-1])))
    for n, (dt, _) in model(np.zeros((0, 3), np.float32), []).items():
        sig.outputs[n].CopyFrom(info(name=n + ":0", dtype=TF_DTYPES[dt], tensor_shape=shape_proto([-1])))
    defs = get_model_metadata_pb2.SignatureDefMap()
    defs.signature_def[SIGNATURE].CopyFrom(sig)
    resp = get_model_metadata_pb2.GetModelMetadataResponse()
    resp.model_spec.name = MODEL
    resp.model_spec.signature_name = SIGNATURE
    resp.metadata["signature_def"].Pack(defs)
    return resp


def predict(req, ctx):
    tf_check_spec(req.model_spec, ctx)
    x, names = req.inputs["x"], req.inputs["name"]
    if x.dtype != types_pb2.DT_FLOAT:
        ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, "Expects arg[0] to be float but %s is provided" % types_pb2.DataType.Name(x.dtype))
    dims = [d.size for d in x.tensor_shape.dim]
    xs = np.frombuffer(x.tensor_content, dtype="<f4") if x.tensor_content else np.array(x.float_val, dtype=np.float32)
    outs = model(xs.reshape(dims), [s.decode() for s in names.string_val])
    resp = predict_pb2.PredictResponse()
    resp.model_spec.name = MODEL
    resp.model_spec.signature_name = SIGNATURE
    for name in (list(req.output_filter) or list(outs)):
        dt, value = outs[name]
        t = resp.outputs[name]
        t.dtype = TF_DTYPES[dt]
        t.tensor_shape.CopyFrom(shape_proto([len(value)]))
        if dt == "BYTES":
            t.string_val.extend(s.encode() for s in value)
        else:
            t.tensor_content = raw_bytes(dt, value)
    return resp


def handlers():
    def unary(fn, req_cls, resp_cls):
        return grpc.unary_unary_rpc_method_handler(fn, request_deserializer=req_cls.FromString, response_serializer=resp_cls.SerializeToString)
    return [
        grpc.method_handlers_generic_handler("inference.GRPCInferenceService", {
            "ModelMetadata": unary(model_metadata, pb.ModelMetadataRequest, pb.ModelMetadataResponse),
            "ModelInfer": unary(model_infer, pb.ModelInferRequest, pb.ModelInferResponse),
            "ServerLive": unary(lambda r, c: pb.ServerLiveResponse(live=True), pb.ServerLiveRequest, pb.ServerLiveResponse),
        }),
        grpc.method_handlers_generic_handler("tensorflow.serving.PredictionService", {
            "Predict": unary(predict, predict_pb2.PredictRequest, predict_pb2.PredictResponse),
            "GetModelMetadata": unary(get_model_metadata, get_model_metadata_pb2.GetModelMetadataRequest, get_model_metadata_pb2.GetModelMetadataResponse),
        }),
    ]


def main():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    server.add_generic_rpc_handlers(handlers())
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    sys.stdin.read()  # serve until the test closes stdin
    server.stop(0)


if __name__ == "__main__":
    main()
