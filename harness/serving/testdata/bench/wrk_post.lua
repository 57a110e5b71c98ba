-- wrk script: one v2 infer request of one row, the request the Go client
-- sends in BenchmarkClientV2Trivial/batch=1.
wrk.method = "POST"
wrk.path = "/v2/models/trivial/infer"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"inputs":[{"name":"x","datatype":"FP32","shape":[1,4],"data":[7,0.5,-1,2]}]}'
