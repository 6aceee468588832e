-- wrk: every request asks for the next path of a file (e.g. /getToken/user123), threads interleaved.
-- Usage: wrk -tT ... -s paths.lua URL -- PATH_FILE T
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  step = tonumber(args[2])
  pos = id + 1
end

function request()
  local p = paths[pos]
  pos = pos + step
  if pos > #paths then pos = id + 1 end
  return wrk.format("GET", p)
end
