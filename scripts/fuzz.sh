#!/usr/bin/env bash
# The generated hostile-input suite, larger than ./test.sh runs it (300 cases, fixed seed):
#   scripts/fuzz.sh [CASES]        CASES (default 5000) with a fresh random seed, printed first
#   FUZZ_SEED=N scripts/fuzz.sh    replays a seed (a failure prints its seed, case and request)
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
require_tools
ensure_node_modules
export FUZZ_CASES="${1:-5000}"
export FUZZ_SEED="${FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
log "FUZZ_SEED=$FUZZ_SEED FUZZ_CASES=$FUZZ_CASES"
dotnet build tests/TokenService.IntegrationTests -c Release --nologo -v quiet -clp:ErrorsOnly >&2 || die "build failed"
exec dotnet test tests/TokenService.IntegrationTests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~Fuzz.HostileInputPropertyTests" --logger "console;verbosity=detailed"
