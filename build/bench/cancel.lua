-- wrk script: every request cancels a different, acknowledged service problem (so each is a real
-- 201) with its own X-Request-ID. FIRST is the first seeded problem id, TOKEN a tenant token.
local first = tonumber(os.getenv("FIRST") or "1")
local token = os.getenv("TOKEN") or ""
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  thread:set("nthreads", 0)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  nthreads = tonumber(os.getenv("THREADS") or "2")
end

function request()
  counter = counter + 1
  local id = first + (counter - 1) * nthreads + tid
  local body = string.format('{"serviceProblemId": %d, "reasonCode": "NO_LONGER_REQUIRED", "text": "benchmark"}', id)
  return wrk.format("POST", "/service-problem-cancellations", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["X-Request-ID"] = string.format("bench-%d-%d-%d", first, tid, counter),
    ["X-Conversation-ID"] = "bench",
  }, body)
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status, summary.requests))
end
