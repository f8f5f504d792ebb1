-- wrk script: each request takes the next path of the file named by $URLS (one per line),
-- each thread starting at a different place, so a run spreads over every path.
local paths = {}
for line in io.lines(os.getenv("URLS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local i = 0
function setup(thread)
  thread:set("offset", math.random(#paths))
end
function init()
  i = tonumber(offset) or 0
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
