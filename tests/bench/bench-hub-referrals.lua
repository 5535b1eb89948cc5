-- bench-hub-referrals.lua
--
-- Copyright 2026 The Direction Desk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- wrk script for bench-hub-referrals.sh: every request is a new referral,
-- with a fresh UUID as both its "id" and its Idempotency-Key.  The token
-- and the service come from the environment (BENCH_TOKEN, BENCH_SERVICE).
-- Counts the answers per thread, and what was still unanswered when wrk
-- stopped, and prints them for the shell script; writes the id of every
-- referral answered 201 to BENCH_ACKED_DIR/acked-THREAD.txt, so the script
-- can check each one is in the database.

local threads = {}
local next_thread = 0

function setup (thread)
  thread:set ("index", next_thread)
  next_thread = next_thread + 1
  table.insert (threads, thread)
end

local token
local service
local given_at
local index
local sent = 0
local created = 0
local other = 0
local answered = 0
local acked

function init (args)
  token = os.getenv ("BENCH_TOKEN")
  service = os.getenv ("BENCH_SERVICE")
  given_at = os.date ("!%Y-%m-%dT%H:%M:%SZ", os.time () - 3600)
  index = wrk.thread:get ("index")
  math.randomseed (os.time () * 1000 + index)
  acked = assert (io.open (string.format ("%s/acked-%d.txt", os.getenv ("BENCH_ACKED_DIR"),
                                          index), "w"))
  acked:setvbuf ("line")
end

-- A version 4 UUID whose last group is the thread and a counter, so ids
-- never repeat within a run whatever the random numbers do.
local function new_uuid ()
  local random = string.gsub ("xxxxxxxx-xxxx-4xxx-yxxx", "[xy]", function (c)
    local v = (c == "x") and math.random (0, 15) or math.random (8, 11)
    return string.format ("%x", v)
  end)
  return string.format ("%s-%04x%08x", random, index, sent)
end

function request ()
  local id = new_uuid ()
  local body = string.format ([[{
  "id": "%s",
  "kind": "referral",
  "service_id": "%s",
  "person": {
    "given_name": "Sample",
    "family_name": "Person",
    "date_of_birth": "1990-04-12",
    "contact": {"phone": "01632 960123", "email": "sample.person@example.org",
                "address": "1 Sample Street, Bedford", "postcode": "MK40 1PG"},
    "preferred_language": "pl",
    "interpreter_needed": true,
    "crn": "X123456"
  },
  "release": {"date": "2026-12-01", "postcode": "MK40 1PG"},
  "needs": ["ACC.EMERG", "FIN"],
  "notes": "Sample referral for the benchmark: released on Friday, needs a bed that night.",
  "risk": {"rosh": "medium", "mappa_level": 1, "do_not_see_alone": false, "risk_to_self": false},
  "consent": {"given_by": "person", "given_at": "%s", "method": "verbal",
              "share_with": ["service", "direction"]},
  "callback_requested": false
}]], id, service, given_at)

  sent = sent + 1
  wrk.thread:set ("sent", sent)
  return wrk.format ("POST", "/api/v1/referrals", {
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = id,
    ["Content-Type"] = "application/json",
  }, body)
end

function response (status, headers, body)
  answered = answered + 1
  if status == 201 then
    created = created + 1
    acked:write (string.match (body, '"id":"([0-9a-f-]+)"') or "?", "\n")
  else
    other = other + 1
  end
  wrk.thread:set ("answered", answered)
  wrk.thread:set ("created", created)
  wrk.thread:set ("other", other)
end

function done (summary, latency, requests)
  local total_sent, total_answered, total_created, total_other = 0, 0, 0, 0

  for _, thread in ipairs (threads) do
    total_sent = total_sent + (thread:get ("sent") or 0)
    total_answered = total_answered + (thread:get ("answered") or 0)
    total_created = total_created + (thread:get ("created") or 0)
    total_other = total_other + (thread:get ("other") or 0)
  end

  io.write (string.format ("result created %d\n", total_created))
  io.write (string.format ("result other %d\n", total_other))
  -- Requests wrk generated but never saw answered when it stopped (at
  -- most one per connection): the hub may have stored them.
  io.write (string.format ("result unanswered %d\n", total_sent - total_answered))
  io.write (string.format ("result duration_us %d\n", summary.duration))
  io.write (string.format ("result socket_errors %d\n",
                           summary.errors.connect + summary.errors.read +
                           summary.errors.write + summary.errors.timeout))
  io.write (string.format ("result p50_us %d\n", latency:percentile (50.0)))
  io.write (string.format ("result p99_us %d\n", latency:percentile (99.0)))
end
