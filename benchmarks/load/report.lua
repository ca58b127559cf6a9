-- wrk script of benchmarks.load: counts every answer that is not 200 (a
-- redirect to the login page is an error here) and prints the figures as
-- one JSON line after wrk's own report.

local threads = {}

function setup(thread)
  -- Each thread starts at another signed-in session of the list.
  thread:set("first_turn", #threads)
  table.insert(threads, thread)
end

-- The arguments after "--" are Cookie header values, one per session: the
-- requests take them in turn, so concurrent clients are mostly different
-- sessions, as different people would be. Without arguments: anonymous.
function init(args)
  not_200 = 0
  first_other_status = 0
  prepared = {}
  for _, cookie in ipairs(args) do
    table.insert(prepared, wrk.format(nil, nil, { Cookie = cookie }))
  end
  turn = first_turn or 0
end

function request()
  if #prepared == 0 then
    return wrk.request()
  end
  turn = turn % #prepared + 1
  return prepared[turn]
end

function response(status, headers, body)
  if status ~= 200 then
    not_200 = not_200 + 1
    if first_other_status == 0 then
      first_other_status = status
    end
  end
end

function done(summary, latency, requests)
  local not_200_total, other_status = 0, 0
  for _, thread in ipairs(threads) do
    not_200_total = not_200_total + thread:get("not_200")
    local status = thread:get("first_other_status")
    if status ~= 0 then
      other_status = status
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK-FIGURES {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "not_200": %d, "other_status": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, not_200_total, other_status, errors.connect,
    errors.read, errors.write, errors.timeout))
end
