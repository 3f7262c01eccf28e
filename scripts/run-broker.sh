# `BROKER=rabbitmq ./run.sh`: the local RabbitMQ next to the service. Sourced by run.sh after
# common.sh; run.sh calls broker_configure before the service starts (the service must know the
# broker's management user) and broker_start once it answers.
# shellcheck shell=bash

broker_dir=""

broker_configure() {
  case "${BROKER:-}" in
    "") return 0 ;;
    rabbitmq) ;;
    *) die "BROKER=$BROKER is not supported; BROKER=rabbitmq starts a local RabbitMQ" ;;
  esac
  [[ -n "${Brokers__Key:-}" ]] || die "Brokers__Key must be set (./run.sh generates one for Azurite stores)"
  export MQTT_PORT="${MQTT_PORT:-1883}" BROKER_MANAGEMENT_PORT="${BROKER_MANAGEMENT_PORT:-15672}"
  port_answers "$MQTT_PORT" && die "port $MQTT_PORT is already in use; set MQTT_PORT to another one"
  port_answers "$BROKER_MANAGEMENT_PORT" && die "port $BROKER_MANAGEMENT_PORT is already in use; set BROKER_MANAGEMENT_PORT to another one"
  # The service's own management user (to close connections), valid for this run only.
  export Brokers__RabbitMq__AdminUsername="${Brokers__RabbitMq__AdminUsername:-token-service}"
  export Brokers__RabbitMq__AdminPassword="${Brokers__RabbitMq__AdminPassword:-$(openssl rand -hex 16)}"
  # Through the management API the service closes the connections of revoked and expired tokens.
  export Brokers__RabbitMq__ManagementUrl="${Brokers__RabbitMq__ManagementUrl:-http://127.0.0.1:$BROKER_MANAGEMENT_PORT}"
  broker_dir="$ROOT/.rabbitmq/$MQTT_PORT"
}

broker_start() {
  [[ -n "$broker_dir" ]] || return 0
  rm -rf "$broker_dir"
  mkdir -p "$broker_dir"
  log "starting RabbitMQ: MQTT on 127.0.0.1:$MQTT_PORT, management on 127.0.0.1:$BROKER_MANAGEMENT_PORT (data and logs in ${broker_dir#"$ROOT"/})"
  BROKER_SERVICE_URL="http://127.0.0.1:$PORT" "$ROOT/scripts/rabbitmq.sh" start "$broker_dir"
}

broker_stop() {
  [[ -n "$broker_dir" && -f "$broker_dir/node.env" ]] || return 0
  log "stopping RabbitMQ"
  "$ROOT/scripts/rabbitmq.sh" stop "$broker_dir" || true
}

# A device connection that works when pasted: a fresh token applied through Alibaba Cloud's client,
# then an MQTT 3.1.1 client that subscribes, publishes and prints what it receives.
broker_example() { # akid secret instance
  [[ -n "$broker_dir" ]] || return 0
  local akid="$1" secret="$2" instance="$3" token
  token="$(node -e "
    new (require('@alicloud/pop-core').RPCClient)({accessKeyId:'$akid',accessKeySecret:'$secret',endpoint:'http://127.0.0.1:$PORT',apiVersion:'2020-04-20'})
      .request('ApplyToken',{InstanceId:'$instance',Resources:'devices/demo/#',Actions:'R,W',ExpireTime:String(Date.now()+86400000)},{method:'POST'})
      .then(r=>console.log(r.Token),e=>{console.error(e.code,e.message);process.exit(1)})")" || die "ApplyToken for the example device failed"
  cat <<TXT

RabbitMQ on mqtt://127.0.0.1:$MQTT_PORT asks this service at CONNECT and for every topic.
Example device (token for devices/demo/#, R and W, valid 24 h; from another terminal in $ROOT):
  node -e "const c=require('mqtt').connect('mqtt://127.0.0.1:$MQTT_PORT',{protocolVersion:4,clientId:'demo-device',username:'Token|$akid|$instance',password:'RW|$token',reconnectPeriod:0});c.on('connect',async()=>{await c.subscribeAsync('devices/demo/#');await c.publishAsync('devices/demo/hello','hi');});c.on('message',(t,m)=>{console.log(t,m.toString());c.end()});c.on('error',e=>{console.error(e.message);process.exit(1)})"
TXT
}
