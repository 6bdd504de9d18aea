-- POSTs one task per request. The body and the bearer token come from the environment so that
-- the token stays off the command line.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_WRK_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_WRK_TOKEN")
