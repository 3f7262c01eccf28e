#!/usr/bin/env bash
# A private RabbitMQ node wired to the service, for `BROKER=rabbitmq ./run.sh` and the broker tests.
#   scripts/rabbitmq.sh start DIR   starts a node whose data, logs, config and Erlang cookie live in DIR,
#                                   and waits until MQTT answers; reads these variables:
#     MQTT_PORT               MQTT 3.1.1 listener on 127.0.0.1 (default 1883)
#     BROKER_MANAGEMENT_PORT  management API on 127.0.0.1 (default 15672)
#     BROKER_SERVICE_URL      where the broker asks (default http://127.0.0.1:7071)
#     Brokers__Key            the key the broker presents as ?code= (required)
#     RABBITMQ_EPMD_PORT, RABBITMQ_DIST_PORT  Erlang ports (default: free ones)
#   scripts/rabbitmq.sh stop DIR    stops that node and its epmd (which outlives the node otherwise)
# Debian's rabbitmq-server package provides the node; as root it is installed with apt-get when
# absent. /usr/lib/rabbitmq/bin/rabbitmq-server runs the node as the calling user (the /usr/sbin
# wrapper switches to the rabbitmq user, who cannot write DIR).
set -euo pipefail
source "$(dirname "$0")/common.sh"

RABBITMQ_BIN=/usr/lib/rabbitmq/bin

ensure_rabbitmq() {
  [[ -x "$RABBITMQ_BIN/rabbitmq-server" ]] && return 0
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing rabbitmq-server (apt-get)..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server) >&2 \
      || die "apt-get install rabbitmq-server failed"
  else
    die "RabbitMQ is not installed: run 'sudo apt-get install -y rabbitmq-server' (Debian/Ubuntu), then again"
  fi
}

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# The node's environment, written once at start so that stop uses exactly the same one.
write_env() {
  local dir="$1" name
  name="rabbit$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  cat > "$dir/node.env" <<ENV
export HOME='$dir'
export RABBITMQ_NODENAME='$name@localhost'
export RABBITMQ_CONFIG_FILE='$dir/rabbitmq.conf'
export RABBITMQ_ENABLED_PLUGINS_FILE='$dir/enabled_plugins'
export RABBITMQ_MNESIA_BASE='$dir/mnesia'
export RABBITMQ_LOG_BASE='$dir/log'
export RABBITMQ_CONF_ENV_FILE=/dev/null
export RABBITMQ_ADVANCED_CONFIG_FILE='$dir/advanced.config'
export ERL_EPMD_PORT='${RABBITMQ_EPMD_PORT:-$(free_port)}'
export RABBITMQ_DIST_PORT='${RABBITMQ_DIST_PORT:-$(free_port)}'
export MQTT_PORT='${MQTT_PORT:-1883}'
ENV
}

write_config() {
  local dir="$1" base="${BROKER_SERVICE_URL:-http://127.0.0.1:7071}/broker/rabbitmq" key="${Brokers__Key:?Brokers__Key must be set}"
  # The key goes in the query string (the broker's form, like a function key); it is in this file
  # only, which stays in DIR (mode 600).
  (umask 077; cat > "$dir/rabbitmq.conf" <<CONF
listeners.tcp = none
auth_backends.1 = http
auth_http.http_method = post
auth_http.user_path = $base/user?code=$key
auth_http.vhost_path = $base/vhost?code=$key
auth_http.resource_path = $base/resource?code=$key
auth_http.topic_path = $base/topic?code=$key
mqtt.listeners.tcp.default = 127.0.0.1:${MQTT_PORT:-1883}
mqtt.allow_anonymous = false
mqtt.vhost = /
mqtt.exchange = amq.topic
management.tcp.ip = 127.0.0.1
management.tcp.port = ${BROKER_MANAGEMENT_PORT:-15672}
# The management API lists a connection only after its first statistics emission (5 s by default):
# every 0.5 s, a device revoked right after its CONNECT is found within a second.
collect_statistics_interval = 500
log.console = false
log.file.level = info
CONF
  )
  echo '[rabbitmq_mqtt,rabbitmq_auth_backend_http,rabbitmq_management].' > "$dir/enabled_plugins"
  echo '[].' > "$dir/advanced.config"
}

start() {
  local dir="$1"
  ensure_rabbitmq
  mkdir -p "$dir/mnesia" "$dir/log"
  write_env "$dir"
  write_config "$dir"
  # shellcheck disable=SC1091
  source "$dir/node.env"
  port_answers "$MQTT_PORT" && die "port $MQTT_PORT is already in use; set MQTT_PORT to another one"
  (umask 077; od -An -N20 -tx1 /dev/urandom | tr -d ' \n' > "$dir/.erlang.cookie")
  setsid "$RABBITMQ_BIN/rabbitmq-server" > "$dir/log/console.log" 2>&1 < /dev/null &
  echo $! > "$dir/node.pid"
  wait_for_port "$MQTT_PORT" 90 || { tail -30 "$dir/log/console.log" >&2; die "RabbitMQ did not answer MQTT on $MQTT_PORT; see $dir/log/"; }
}

stop() {
  local dir="$1" pid
  [[ -f "$dir/node.env" ]] || return 0
  # shellcheck disable=SC1091
  source "$dir/node.env"
  "$RABBITMQ_BIN/rabbitmqctl" -q stop > /dev/null 2>&1 || true
  if [[ -f "$dir/node.pid" ]]; then
    pid="$(cat "$dir/node.pid")"
    # The node's process group (setsid at start): rabbitmqctl returns before the node has exited,
    # and anything it could not stop is killed.
    for _ in $(seq 1 100); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$dir/node.pid"
  fi
  epmd -port "$ERL_EPMD_PORT" -kill > /dev/null 2>&1 || true
}

case "${1:-}" in
  start) start "${2:?usage: rabbitmq.sh start DIR}" ;;
  stop) stop "${2:?usage: rabbitmq.sh stop DIR}" ;;
  *) die "usage: scripts/rabbitmq.sh start|stop DIR" ;;
esac
