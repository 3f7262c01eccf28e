# Shared by run.sh, tokenctl, test.sh, publish.sh and bench.sh. Source it; do not run it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

require_tools() {
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is required: https://dot.net"
  command -v node >/dev/null || die "Node.js 20+ is required (for Azurite and the conformance clients)"
}

# npm ci when node_modules is missing or older than the lockfile.
ensure_node_modules() {
  if [[ ! -f "$ROOT/node_modules/.package-lock.json" || "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]]; then
    log "installing Azurite and the Alibaba Cloud clients (npm ci)..."
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed"
  fi
}

# Builds a project only when a source file is newer than its output ($1 project dir, $2 output file).
# Generated files under obj/ and bin/ are not sources (a publish rewrites them); the output is
# touched after a build because an up-to-date incremental build leaves it as it was.
build_if_stale() {
  local project="$1" output="$2"
  if [[ ! -f "$output" ]] || [[ -n "$(find "$ROOT/src" "$ROOT/Directory.Build.props" "$ROOT/Directory.Packages.props" \
      -newer "$output" -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)" ]]; then
    log "building $(basename "$project")..."
    dotnet build "$ROOT/$project" -c Release --nologo -v quiet -clp:ErrorsOnly >&2 || die "build of $project failed"
    touch "$output"
  fi
}

# The one rule for "is this an Azurite store" (run.sh and tokenctl both ask it): the development
# shortcut UseDevelopmentStorage=true, or a connection string of Azurite's well-known account
# devstoreaccount1, on any host and port. Such a store gets the development keys (README, Configuration); any
# other store must be given its keys. Connection-string keywords are case-insensitive.
is_azurite_store() {
  local connection="${1:-}" part
  local -a parts
  IFS=';' read -ra parts <<< "$connection"
  for part in "${parts[@]}"; do
    part="${part//[[:space:]]/}"
    case "${part,,}" in
      usedevelopmentstorage=true | accountname=devstoreaccount1) return 0 ;;
    esac
  done
  return 1
}

# Development keys: generated once into .azurite/dev-keys.env (git-ignored; DEV_KEYS_FILE moves it)
# so that secrets stored in Azurite stay readable across restarts. Never used when the variables
# are already set.
load_dev_keys() {
  local file="${DEV_KEYS_FILE:-$ROOT/.azurite/dev-keys.env}"
  [[ -n "${Secrets__CurrentKeyId:-}" && -n "${Tokens__CurrentKeyId:-}" ]] && return 0
  if [[ ! -f "$file" ]]; then
    command -v openssl >/dev/null || die "openssl is needed once to generate development keys"
    mkdir -p "$(dirname "$file")"
    (
      umask 077
      {
        echo "export Secrets__CurrentKeyId=dev1"
        echo "export Secrets__Keys__dev1=$(openssl rand -base64 32)"
        echo "export Tokens__CurrentKeyId=dev1"
        echo "export Tokens__SigningKeys__dev1=$(openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -outform DER | base64 -w0)"
      } > "$file"
    )
    log "generated development keys in ${file#"$ROOT/"}"
  fi
  # The broker key came later than the file: added to an existing one once.
  if ! grep -q '^export Brokers__Key=' "$file"; then
    (umask 077; echo "export Brokers__Key=$(openssl rand -hex 24)" >> "$file")
  fi
  # shellcheck disable=SC1090
  [[ -n "${Brokers__Key:-}" ]] || source <(grep '^export Brokers__Key=' "$file")
  # shellcheck disable=SC1090
  [[ -n "${Secrets__CurrentKeyId:-}" ]] || source <(grep '^export Secrets__' "$file")
  # shellcheck disable=SC1090
  [[ -n "${Tokens__CurrentKeyId:-}" ]] || source <(grep '^export Tokens__' "$file")
}

# The development keys when Storage__ConnectionString is an Azurite store; otherwise the keys must
# be set already (the service and tokenctl say which setting is missing).
load_dev_keys_for_azurite() {
  if is_azurite_store "${Storage__ConnectionString:-}"; then
    load_dev_keys
  fi
}

azurite_connection_string() {
  local port="$1"
  printf 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:%s/devstoreaccount1;' "$port"
}

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {
  local port="$1" seconds="${2:-30}" i
  for ((i = 0; i < seconds * 10; i++)); do
    port_answers "$port" && return 0
    sleep 0.1
  done
  return 1
}
