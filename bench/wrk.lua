-- Wabagate's wrk script. WRK_MODE chooses the requests:
--   ping    GET /bench/ping
--   accept  POST /v1/messages, a text to a new recipient each request (WRK_KEYS: one key)
--   burst   POST /v1/messages, template messages spread over WRK_KEYS (comma-separated);
--           every thread stops after its share of WRK_COUNT answers (and, with
--           WRK_DONE_DIR, leaves a file there saying so)
-- WRK_BASE (a multiple of 10,000,000) keeps recipients of different runs apart.
-- Prints one line of key=value figures when done.

local mode = os.getenv("WRK_MODE") or "ping"
local keys = {}
for key in string.gmatch(os.getenv("WRK_KEYS") or "", "[^,]+") do
  keys[#keys + 1] = key
end
local count = tonumber(os.getenv("WRK_COUNT") or "0")
local base = tonumber(os.getenv("WRK_BASE") or "0")

-- wrk does not tell a thread how many threads there are: WRK_THREADS repeats -t.
local quota = math.ceil(count / tonumber(os.getenv("WRK_THREADS") or "1"))
local next_id = 0

local threads = {}

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  threads[#threads + 1] = thread
end

local sent = 0
local answered = 0

local function recipient()
  sent = sent + 1
  -- A UK mobile number has 10 national digits: past 8 digits after 77 it would be refused
  -- (run 10 and later wrap onto the numbers of earlier runs, whose messages are done).
  return string.format("+4477%08d", (base + thread_id * 1000000 + sent) % 100000000)
end

function request()
  if mode == "ping" then
    return wrk.format("GET", "/bench/ping")
  end
  local to = recipient()
  local key = keys[(sent % #keys) + 1]
  local body
  if mode == "accept" then
    body = '{"to":"' .. to .. '","type":"text","text":{"body":"Your order ' .. sent .. ' has shipped"}}'
  else
    body = '{"to":"' .. to .. '","type":"template","template":{"name":"shipped","language":{"code":"en"}}}'
  end
  return wrk.format("POST", "/v1/messages", { ["Content-Type"] = "application/json", ["API-KEY"] = key }, body)
end

-- The first refused answer of each thread, printed when done so a failed run says why.
first_refusal = nil

function response(status, headers, body)
  if status >= 400 and first_refusal == nil then
    first_refusal = status .. " " .. string.sub(body or "", 1, 300)
  end
  if mode == "burst" then
    answered = answered + 1
    if answered >= quota then
      -- wrk itself runs on until its duration: bench/run waits for these marks instead.
      local marks = os.getenv("WRK_DONE_DIR")
      if marks and marks ~= "" then io.open(marks .. "/thread-" .. thread_id, "w"):close() end
      wrk.thread:stop()
    end
  end
end

function done(summary, latency, requests)
  -- Before the figures: bench/run reads the last line.
  for _, thread in ipairs(threads) do
    local refusal = thread:get("first_refusal")
    if refusal then io.write("first refusal: " .. refusal .. "\n") end
  end
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format("requests=%d errors=%d seconds=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, errors, seconds, (summary.requests - errors) / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
