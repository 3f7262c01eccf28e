#!/usr/bin/env bash
# Every test: unit, integration (Azurite + the real executable on loopback), infrastructure
# (Bicep), real-client conformance (Alibaba Cloud's npm clients), a real RabbitMQ with MQTT clients,
# packaging and benchmark smoke.
# Ends with "N passed, N failed" over all suites; exits non-zero on any failure, and a suite that
# ran no test counts as a failure. Logs of each suite: .test-logs/.
set -uo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$ROOT"
require_tools
ensure_node_modules
mkdir -p .test-logs

total_passed=0 total_failed=0
declare -a summary=()

record() { # name passed failed
  local name="$1" passed="$2" failed="$3"
  if (( passed + failed == 0 )); then
    failed=1
    summary+=("$name: ran no test (counted as a failure)")
  else
    summary+=("$name: $passed passed, $failed failed")
  fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
}

# dotnet test prints one summary line per test assembly: "Failed!  - Failed: 1, Passed: 9, ..."
dotnet_suite() { # name project
  local name="$1" project="$2" log=".test-logs/$1.log" rc passed failed
  log "== $name ($project)"
  dotnet test "$project" -c Release --no-build --nologo --logger "console;verbosity=normal" > "$log" 2>&1
  rc=$?
  passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
  failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
  passed=${passed:-0} failed=${failed:-0}
  if (( rc != 0 && failed == 0 )); then
    failed=1
    log "   $name exited with $rc without a failing test; see $log"
  fi
  grep -E '^\s+Failed ' "$log" | sed 's/^/   /' >&2 || true
  log "   $passed passed, $failed failed"
  record "$name" "$passed" "$failed"
}

# node --test prints "# pass N" and "# fail N".
node_suite() { # name files...
  local name="$1" log=".test-logs/$1.log" rc passed failed
  shift
  log "== $name"
  node --test --test-concurrency=1 "$@" > "$log" 2>&1
  rc=$?
  passed=$(grep -Eo '^# pass [0-9]+' "$log" | grep -Eo '[0-9]+' || echo 0)
  failed=$(grep -Eo '^# fail [0-9]+' "$log" | grep -Eo '[0-9]+' || echo 0)
  if (( rc != 0 && failed == 0 )); then failed=1; fi
  grep -E '^not ok' "$log" | sed 's/^/   /' >&2 || true
  log "   $passed passed, $failed failed"
  record "$name" "$passed" "$failed"
}

log "== build (Release)"
if ! dotnet build Functions.sln -c Release --nologo -v quiet -clp:ErrorsOnly > .test-logs/build.log 2>&1; then
  cat .test-logs/build.log >&2
  record build 0 1
  echo "${total_passed} passed, ${total_failed} failed"
  exit 1
fi

dotnet_suite unit tests/TokenService.Tests
dotnet_suite integration tests/TokenService.IntegrationTests
[[ -d tests/TokenService.InfraTests ]] && dotnet_suite infra tests/TokenService.InfraTests
node_suite conformance tests/conformance/*.test.mjs
# A private RabbitMQ (Debian's rabbitmq-server) driven by MQTT clients; scripts/rabbitmq.sh says how to install it.
node_suite brokers tests/brokers/*.test.mjs

# The deployment package (the isolated-worker function app), published once for the suites that need it.
log "== publish (function app package)"
if ./publish.sh > .test-logs/publish.log 2>&1; then
  node_suite package tests/package/*.test.mjs
  log "== bench-smoke (./bench.sh --smoke --no-publish; no timing assertion)"
  if ./bench.sh --smoke --no-publish > .test-logs/bench-smoke.log 2>&1; then
    record bench-smoke 1 0
    log "   1 passed, 0 failed"
  else
    grep -E '^(FAILED|error):' .test-logs/bench-smoke.log | sed 's/^/   /' >&2 || true
    record bench-smoke 0 1
    log "   0 passed, 1 failed; see .test-logs/bench-smoke.log"
  fi
else
  tail -20 .test-logs/publish.log >&2
  record publish 0 1
  record package 0 1
  record bench-smoke 0 1
fi

log ""
log "Suites:"
printf '  %s\n' "${summary[@]}" >&2
echo "${total_passed} passed, ${total_failed} failed"
(( total_failed == 0 ))
