#!/usr/bin/env bash
# The benchmark: Azurite (in memory) and the published Native AOT service on loopback, one load
# client (bench/TokenService.Bench) measuring the service's calls against raw Azurite upserts and
# point reads at the same concurrency, cold starts, peak memory and storage round trips per call.
#   ./bench.sh                 full run; writes docs/benchmarks.md and docs/benchmarks.svg
#   ./bench.sh --smoke         1-second phases and 2 cold starts, written to a temporary folder;
#                              exits non-zero only when something failed to run (no timing checks)
#   ./bench.sh --no-publish    use artifacts/publish/TokenService as it is (./test.sh just published)
# Other options pass through: --concurrency N, --duration S, --warmup S, --cold-starts N, --accounts N,
# --service-env NAME=VALUE (try a runtime setting on the service).
# Timings are only meaningful on a quiet machine: check `uptime` first.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$ROOT"
require_tools
ensure_node_modules

smoke=0 publish=1
passthrough=()
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=1; passthrough+=("$arg") ;;
    --no-publish) publish=0 ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
bench_dll="bench/TokenService.Bench/bin/Release/net10.0/TokenService.Bench.dll"
if [[ ! -f "$server_dll" || -n "$(newer_inputs "$server_dll" "${build_inputs[@]}")" ]]; then
  log "building the standalone server (Release)..."
  dotnet build src/TokenService.Server -c Release --nologo -v quiet -clp:ErrorsOnly >&2 || die "build of src/TokenService.Server failed"
fi
if [[ ! -f "$bench_dll" || -n "$(newer_inputs "$bench_dll" "${build_inputs[@]}" bench)" ]]; then
  log "building the bench (Release)..."
  dotnet build bench/TokenService.Bench -c Release --nologo -v quiet -clp:ErrorsOnly >&2 || die "build of bench/TokenService.Bench failed"
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
  --service-exe "$server_dll" --out-dir "$out_dir" --repo "$ROOT" \
  ${passthrough[@]+"${passthrough[@]}"} || status=$?
exit "$status"
