-- wrk: every request carries the next login token of a file, never one used before in this run.
-- Usage: wrk -tT ... -s tokens.lua URL -- TOKEN_FILE T [GET|POST] [PAUSE_MS]
--   POST: a JSON POST with body {}, as livechat.js sends. PAUSE_MS is read by paced.lua.
-- Thread t of T sends tokens t, t+T, t+2T...; a thread that runs out starts again and counts it (reported in done).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
  step = tonumber(args[2])
  pos = id + 1
  reused = 0
  path = wrk.path
  post = args[3] == "POST"
  pause = tonumber(args[4] or "0")
end

function request()
  local t = tokens[pos]
  pos = pos + step
  if pos > #tokens then pos = id + 1; reused = reused + 1 end
  if post then
    return wrk.format("POST", path, { ["Cookie"] = "token=" .. t, ["Content-Type"] = "application/json" }, "{}")
  end
  return wrk.format("GET", path, { ["Cookie"] = "token=" .. t })
end

function done(summary, latency, requests)
  local wrapped = 0
  for _, t in ipairs(threads) do wrapped = wrapped + (t:get("reused") or 0) end
  io.write(string.format("tokens_reused_passes: %d\n", wrapped))
end
