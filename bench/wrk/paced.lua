-- wrk: tokens.lua, paced: each connection waits PAUSE_MS after an answer before its next request, so the load stays
-- below saturation and servers can be compared at about the same offered load (a closed loop with think time, not a
-- fixed arrival rate: a slower server is offered a little less).
-- Usage: wrk -tT ... -s paced.lua URL -- TOKEN_FILE T GET|POST PAUSE_MS
-- (wrk calls delay() only when the script defines it, so tokens.lua alone keeps its unpaced loop.)
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "tokens.lua")

function delay()
  return pause
end
