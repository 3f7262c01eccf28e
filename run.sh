#!/usr/bin/env bash
# The local main job: Azurite on loopback (data in .azurite/), a demo account, instance and
# AccessKey, and the service on http://127.0.0.1:${PORT:-7071} until stopped (Ctrl+C).
#   PORT                       service port (default 7071)
#   AZURITE_TABLE_PORT         Azurite's table port (default 10002); one already answering is reused
#   Storage__ConnectionString  used as is when set (no Azurite is started)
#   BROKER=rabbitmq            also a local RabbitMQ asking this service (MQTT_PORT, default 1883;
#                              BROKER_MANAGEMENT_PORT, default 15672; data in .rabbitmq/)
# Every other variable (RateLimit__*, Directory__*, ...) passes through to the service.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
source "$(dirname "$0")/scripts/run-broker.sh"
cd "$ROOT"
require_tools
ensure_node_modules

export PORT="${PORT:-7071}"
AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-10002}"
port_answers "$PORT" && die "port $PORT is already in use; set PORT to another one"

azurite_pid=""
cleanup() {
  broker_stop
  if [[ -n "$azurite_pid" ]]; then
    log "stopping Azurite (pid $azurite_pid)"
    kill "$azurite_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z "${Storage__ConnectionString:-}" ]]; then
  export Storage__ConnectionString="$(azurite_connection_string "$AZURITE_TABLE_PORT")"
  if port_answers "$AZURITE_TABLE_PORT"; then
    log "reusing the Azurite that answers on 127.0.0.1:$AZURITE_TABLE_PORT"
  else
    mkdir -p .azurite
    log "starting Azurite on 127.0.0.1:$AZURITE_TABLE_PORT (data in .azurite/, log in .azurite/azurite.log)"
    node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$AZURITE_TABLE_PORT" \
      --location .azurite --skipApiVersionCheck --disableTelemetry --silent >> .azurite/azurite.log 2>&1 &
    azurite_pid=$!
    wait_for_port "$AZURITE_TABLE_PORT" 30 || die "Azurite did not start; see .azurite/azurite.log"
  fi
fi
load_dev_keys_for_azurite
[[ -n "${Secrets__CurrentKeyId:-}" ]] || die "Secrets__CurrentKeyId and Secrets__Keys__<id> must be set for a store that is not Azurite"
[[ -n "${Tokens__CurrentKeyId:-}" ]] || die "Tokens__CurrentKeyId and Tokens__SigningKeys__<id> must be set for a store that is not Azurite"
broker_configure

build_if_stale src/TokenService.Server "$ROOT/src/TokenService.Server/bin/Release/net10.0/TokenService.Server.dll"
build_if_stale src/TokenService.Cli "$ROOT/src/TokenService.Cli/bin/Release/net10.0/tokenctl.dll"
tokenctl() { dotnet "$ROOT/src/TokenService.Cli/bin/Release/net10.0/tokenctl.dll" "$@"; }

# The demo tenant, idempotently: creating what exists only reports it; the key is made once per
# store and remembered (with its secret) in .azurite/, which is git-ignored.
demo_account=demo demo_instance=mqtt-cn-demo
tokenctl account create "$demo_account" >/dev/null 2>&1 || true
tokenctl instance create --account "$demo_account" "$demo_instance" >/dev/null 2>&1 || true
store_id="$(printf '%s' "$Storage__ConnectionString${Storage__TablePrefix:-}" | sha256sum | cut -c1-12)"
key_file=".azurite/demo-key-$store_id.json"
if [[ ! -f "$key_file" ]] || ! tokenctl key show "$(node -p "require('./$key_file').AccessKeyId")" >/dev/null 2>&1; then
  mkdir -p .azurite
  (umask 077; tokenctl --json key create --account "$demo_account" > "$key_file")
fi
akid="$(node -p "require('./$key_file').AccessKeyId")"
secret="$(node -p "require('./$key_file').AccessKeySecret")"

cat <<TXT

MQTT token service on http://127.0.0.1:$PORT
  account   $demo_account
  instance  $demo_instance
  AccessKeyId      $akid
  AccessKeySecret  $secret

Example call (Alibaba Cloud's own client, from another terminal in $ROOT):
  node -e "new (require('@alicloud/pop-core').RPCClient)({accessKeyId:'$akid',accessKeySecret:'$secret',endpoint:'http://127.0.0.1:$PORT',apiVersion:'2020-04-20'}).request('RevokeToken',{Token:'demo-token',InstanceId:'$demo_instance'},{method:'POST'}).then(r=>console.log(JSON.stringify(r)),e=>{console.error(e.code,e.message);process.exit(1)})"

More accounts and keys: ./tokenctl --help    Stop: Ctrl+C
TXT

dotnet "$ROOT/src/TokenService.Server/bin/Release/net10.0/TokenService.Server.dll" &
service_pid=$!
trap 'kill $service_pid 2>/dev/null || true; cleanup' EXIT
if [[ -n "${BROKER:-}" ]]; then
  wait_for_port "$PORT" 30 || die "the service did not start"
  broker_start
  broker_example "$akid" "$secret" "$demo_instance"
fi
wait "$service_pid"
