#!/usr/bin/env bash
# The benchmark: Azurite (in memory) and the standalone server on loopback, one load client
# (bench/TokenService.Bench) measuring the service's calls against raw Azurite upserts and point
# reads at the same concurrency, peak memory and storage round trips per call; and cold starts in
# the same run: the published function app with ReadyToRun (artifacts/functionapp) and without
# (artifacts/functionapp-jit), each started under the Functions host harness
# (tests/FunctionsHostHarness) as the host starts its worker, and the standalone server.
#   ./bench.sh                 full run; publishes both packages when stale, writes docs/benchmarks.md and .svg
#   ./bench.sh --smoke         1-second phases and 2 cold starts, written to a temporary folder;
#                              exits non-zero only when something failed to run (no timing checks);
#                              publishes only the ReadyToRun package (when stale), uses -jit if present
#   ./bench.sh --no-publish    use the packages as they are (./test.sh just published artifacts/functionapp)
#   ./bench.sh --disconnects   revocation to disconnect through a real RabbitMQ (bench/brokers/disconnects.mjs),
#                              written to docs/disconnect-benchmarks.md; --devices N (default 100)
# Other options pass through: --concurrency N, --duration S, --warmup S, --cold-starts N, --accounts N,
# --service-env NAME=VALUE (try a runtime setting on the service).
# Timings are only meaningful on a quiet machine: check `uptime` first.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$ROOT"
require_tools
ensure_node_modules

smoke=0 publish=1 disconnects=0
passthrough=()
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=1; passthrough+=("$arg") ;;
    --disconnects) disconnects=1 ;;
    --no-publish) publish=0 ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) passthrough+=("$arg") ;;
  esac
done

# Newer inputs than $1 (sources and build settings, never build outputs): prints one, or nothing.
newer_inputs() {
  find "${@:2}" -newer "$1" -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.xml' -o -name '*.json' \) \
    -not -path '*/bin/*' -not -path '*/obj/*' -print -quit
}
build_inputs=(src Directory.Build.props Directory.Packages.props global.json)

server_dll="src/TokenService.Server/bin/Release/net10.0/TokenService.Server.dll"

if [[ "$disconnects" == 1 ]]; then
  log "building the service and tokenctl (Release)"
  dotnet build Functions.sln -c Release --nologo -v quiet -clp:ErrorsOnly >&2 || die "build failed"
  exec node bench/brokers/disconnects.mjs --out docs/disconnect-benchmarks.md ${passthrough[@]+"${passthrough[@]}"}
fi
bench_dll="bench/TokenService.Bench/bin/Release/net10.0/TokenService.Bench.dll"
if [[ ! -f "$server_dll" || -n "$(newer_inputs "$server_dll" "${build_inputs[@]}")" ]]; then
  log "building the standalone server (Release)..."
  dotnet build src/TokenService.Server -c Release --nologo -v quiet -clp:ErrorsOnly >&2 || die "build of src/TokenService.Server failed"
fi
if [[ ! -f "$bench_dll" || -n "$(newer_inputs "$bench_dll" "${build_inputs[@]}" bench tests/FunctionsHostHarness tests/TokenService.TestSupport)" ]]; then
  log "building the bench (Release)..."
  dotnet build bench/TokenService.Bench -c Release --nologo -v quiet -clp:ErrorsOnly >&2 || die "build of bench/TokenService.Bench failed"
fi

# The function app's packages, as ./publish.sh writes them.
function_app="artifacts/functionapp" function_app_jit="artifacts/functionapp-jit"
stale_package() { [[ ! -f "$1/TokenService.Functions.dll" || -n "$(newer_inputs "$1/TokenService.Functions.dll" "${build_inputs[@]}" host.json)" ]]; }
publish_package() { # dir ready-to-run
  log "publishing $1 (ReadyToRun: $2)..."
  PUBLISH_DIR="$1" PUBLISH_READY_TO_RUN="$2" ./publish.sh >&2 || die "publishing $1 failed"
}
if ((publish)); then
  stale_package "$function_app" && publish_package "$function_app" true
  if ((!smoke)) && stale_package "$function_app_jit"; then publish_package "$function_app_jit" false; fi
fi
[[ -f "$function_app/worker.config.json" ]] || die "$function_app is missing: run ./publish.sh"
function_apps=(--function-app "$function_app")
if [[ -f "$function_app_jit/worker.config.json" ]]; then
  function_apps+=(--function-app-jit "$function_app_jit")
else
  log "no $function_app_jit: its cold start is left out (PUBLISH_READY_TO_RUN=false PUBLISH_DIR=$function_app_jit ./publish.sh)"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")"
azurite_pid=""
cleanup() {
  if [[ -n "$azurite_pid" ]]; then
    kill "$azurite_pid" 2>/dev/null || true
    wait "$azurite_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The same Azurite settings serve the baseline and the service: in memory, so that neither pays
# for Azurite's periodic save of its database to disk.
azurite_port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$azurite_port" --inMemoryPersistence \
  --skipApiVersionCheck --disableTelemetry --silent > "$work/azurite.log" 2>&1 &
azurite_pid=$!
wait_for_port "$azurite_port" 30 || { cat "$work/azurite.log" >&2; die "Azurite did not start"; }
log "Azurite (in memory) on 127.0.0.1:$azurite_port, pid $azurite_pid; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

if ((smoke)); then out_dir="$work/out"; else out_dir="docs"; fi
status=0
dotnet "$bench_dll" --azurite-port "$azurite_port" --azurite-pid "$azurite_pid" \
  --server "$server_dll" "${function_apps[@]}" --out-dir "$out_dir" --repo "$ROOT" \
  ${passthrough[@]+"${passthrough[@]}"} || status=$?
exit "$status"
