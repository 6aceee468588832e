-- wrk: every request carries the next login token of a file, never one used before in this run.
-- Usage: wrk -tT ... -s tokens.lua URL -- TOKEN_FILE T [GET|POST] [PAUSE_MS]
--   POST: a JSON POST with body {}, as livechat.js sends. PAUSE_MS is read by paced.lua.
-- Thread t of T sends tokens t, t+T, t+2T...; a thread that runs out starts again and counts it (reported in done).
-- Each request is one concatenation of a fixed head, the token and a fixed tail, made once in init: wrk.format builds
-- a header table and formats every line on each call, which cost the client about as much CPU per request as a
-- server's work (docs/benchmarks.md), and on two shared cores what the client takes, the servers cannot have.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  -- only this thread's share of the file: lines id+1, id+1+T, ...
  local step, n = tonumber(args[2]), 0
  tokens = {}
  for line in io.lines(args[1]) do
    if n % step == id then tokens[#tokens + 1] = line end
    n = n + 1
  end
  pos = 1
  reused = 0
  pause = tonumber(args[4] or "0")
  -- the same bytes wrk.format would send, in a fixed header order
  local host = wrk.headers["Host"]
  if args[3] == "POST" then
    head = "POST " .. wrk.path .. " HTTP/1.1\r\nHost: " .. host .. "\r\nCookie: token="
    tail = "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
  else
    head = "GET " .. wrk.path .. " HTTP/1.1\r\nHost: " .. host .. "\r\nCookie: token="
    tail = "\r\n\r\n"
  end
end

function request()
  local t = tokens[pos]
  pos = pos + 1
  if pos > #tokens then pos = 1; reused = reused + 1 end
  return head .. t .. tail
end

function done(summary, latency, requests)
  local wrapped = 0
  for _, t in ipairs(threads) do wrapped = wrapped + (t:get("reused") or 0) end
  io.write(string.format("tokens_reused_passes: %d\n", wrapped))
end
