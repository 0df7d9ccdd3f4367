#!/usr/bin/env bash
# Runs TradeMesh on this machine without Docker: PostgreSQL (5432) and RabbitMQ (5672,
# management 15672) as plain processes, the three services in the background, the sample
# releases loaded. Safe to run again: what runs is left alone, what is down is started.
# State, logs and pid files: ${TRADEMESH_STATE:-.state/local}. Stop with down.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# --hosts (what cluster-up.sh runs): every service replica, three RabbitMQ nodes and PostgreSQL
# under pg_auto_failover each in a host of its own (network namespaces, hosts-lib.sh), two
# replicas of ingestion and projections; the gateway reached through 127.0.0.1:8080 as before.
HOSTS_MODE=
case "${1:-}" in
  --hosts) HOSTS_MODE=1 ;;
  "") ;;
  *) echo "usage: $0 [--hosts]" >&2; exit 2 ;;
esac

# Absolute: the rabbitmq wrappers cd to /var/lib/rabbitmq before reading the paths.
STATE=$(realpath -m "${TRADEMESH_STATE:-$REPO_ROOT/.state/${HOSTS_MODE:+cluster}${HOSTS_MODE:-local}}")
# With --hosts TRADEMESH_GATEWAY_PORT may move the loopback address (to run beside up.sh).
GATEWAY_PORT=8080
[ -n "$HOSTS_MODE" ] && GATEWAY_PORT=${TRADEMESH_GATEWAY_PORT:-8080}
GATEWAY=http://127.0.0.1:$GATEWAY_PORT

ensure_packages
mkdir -p "$STATE/logs"
# Generated on the first run, kept in $STATE/credentials.env (0600).
ensure_credentials "$STATE"
# Each service with its own database role and broker user (least privilege, see docs/operations.md).
if [ -n "$HOSTS_MODE" ]; then
  source "$LOCAL_DIR/cluster-lib.sh"
  cluster_backing_up "$STATE"
  MQ=$(host_addr "$STATE" mq1)
  pg() { pgha_connection "$STATE" "trademesh_$1" "$2"; }
  amqp() { echo "amqp://$1:$2@$MQ:5672/"; }
  REPLICAS=2
  # A service listens on its host's address (made now if missing), or on loopback.
  at() { host_add "$STATE" "$1"; }
  # MassTransit connects to every node and moves on when one is lost.
  export RabbitMq__Nodes
  RabbitMq__Nodes=$(sed -n 's/^RABBITMQ_NODES=//p' "$STATE/backing.env")
else
  start_postgres "$STATE" 5432
  start_rabbitmq "$STATE" 5672 trademesh-local@localhost 15672 25672
  pg() { echo "Host=127.0.0.1;Port=5432;Username=trademesh_$1;Password=$2;Database=trademesh"; }
  amqp() { echo "amqp://$1:$2@127.0.0.1:5672/"; }
  REPLICAS=1
  at() { echo 127.0.0.1; }
fi
# Without a trailing slash: amqp-publish reads "/" as the empty vhost, not the default one.
( umask 077; amqp publisher "$TRADEMESH_AMQP_PUBLISHER_PASSWORD" | sed 's#/$##' >"$STATE/publisher-amqp-url" )
# Traces go to the local viewer unless the caller names another OTLP endpoint, or turns export
# off with TRADEMESH_TRACING=off (what deploy/local/bench-tracing.sh compares against).
VIEWER=http://127.0.0.1:18888
if [ "${TRADEMESH_TRACING:-on}" = off ]; then
  unset OTEL_EXPORTER_OTLP_ENDPOINT OTEL_EXPORTER_OTLP_PROTOCOL
elif [ -z "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]; then
  # With --hosts the spans come from the hosts, through the machine's leg into their switch.
  otlp=$([ -n "$HOSTS_MODE" ] && echo "$HOSTS_NET.1" || echo 127.0.0.1)
  start_trace_viewer "$STATE" 18888 4317 4318 "$otlp"
  export OTEL_EXPORTER_OTLP_ENDPOINT=http://$otlp:4317 OTEL_EXPORTER_OTLP_PROTOCOL=grpc
  TRACE_URL="$VIEWER/traces/detail/{traceId}"
fi

cd "$REPO_ROOT"
# TRADEMESH_BUILT=1: the Release build is there already (a test running this script).
if [ -z "${TRADEMESH_BUILT:-}" ]; then
  log "dotnet build TradeMesh.sln -c Release"
  dotnet build TradeMesh.sln -c Release -nologo -v quiet
fi

# API key: the caller's, else one generated once and kept in the state folder.
# Generated ones: a publisher key (write) and an operator key (admin: POST /admin/rebuild).
new_key() { [ -s "$1" ] || ( umask 077; echo "tm_$(random_secret)" >"$1" ); }
ADMIN_KEY=
if [ -z "${TRADEMESH_API_KEYS:-}" ]; then
  new_key "$STATE/api-key"
  new_key "$STATE/admin-key"
  ADMIN_KEY=$(cat "$STATE/admin-key")
  TRADEMESH_API_KEYS="$(cat "$STATE/api-key"),$ADMIN_KEY:admin"
fi
KEY=${TRADEMESH_API_KEYS%%[,;]*} # the first entry, if several are given,
KEY=${KEY%:*}                     # without its :scope+scope suffix
KEY=${KEY//[[:space:]]/}

# With --hosts, NAME runs in the host of that name (hosts-lib.sh), made here if missing.
start_service() { # NAME DLL URL [VAR=VALUE...]
  local name=$1 dll=$2 url=$3 run=()
  shift 3
  [ -n "$HOSTS_MODE" ] && run=(ip netns exec "$(host_ns "$name")")
  local pidfile="$STATE/$name.pid"
  if pid_alive "$pidfile" "$(basename "$dll")"; then
    log "$name already running (pid $(cat "$pidfile"))"
    return
  fi
  [ -f "$dll" ] || { echo "$dll not found: did the build succeed?" >&2; exit 1; }
  log "starting $name on $url (log $STATE/logs/$name.log)"
  # Each service gets only the credentials named for it below, not the whole generated set.
  local hide=() v
  for v in "${CREDENTIALS[@]}"; do hide+=(-u "$v"); done
  local otel=()
  [ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ] && otel=(OTEL_EXPORTER_OTLP_ENDPOINT="$OTEL_EXPORTER_OTLP_ENDPOINT")
  [ -n "${OTEL_EXPORTER_OTLP_PROTOCOL:-}" ] && otel+=(OTEL_EXPORTER_OTLP_PROTOCOL="$OTEL_EXPORTER_OTLP_PROTOCOL")
  # Started from its output folder (the content root: appsettings*.json, wwwroot); setsid
  # keeps it out of this terminal's ctrl-c; exec makes the recorded pid the dotnet process.
  (cd "$(dirname "$dll")" &&
    exec "${run[@]}" env "${hide[@]}" ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Development "${otel[@]}" "$@" \
      setsid nohup dotnet "$(basename "$dll")" </dev/null >>"$STATE/logs/$name.log" 2>&1) &
  echo $! >"$pidfile"
}

# The services answer only requests carrying the gateway's secret; the projection service checks
# admin keys again on /admin (hence TRADEMESH_API_KEYS there too). Replica k is ingestionk and
# projectionsk (no suffix for the first); each ingestion asks its own projection replica how far a
# release is applied.
# TRADEMESH_PROJECTION_REPLICAS=N runs N projection replicas (the ceiling benchmark: only one
# applies events at a time, the others serve queries and stand by); ingestion keeps its count.
PROJECTION_REPLICAS=${TRADEMESH_PROJECTION_REPLICAS:-$REPLICAS}
destinations=()
for ((k = 1; k <= (REPLICAS > PROJECTION_REPLICAS ? REPLICAS : PROJECTION_REPLICAS); k++)); do
  suffix=$([ "$k" -gt 1 ] && echo "$k" || true)
  [ -n "$HOSTS_MODE" ] && suffix=$k
  # The first replaces appsettings.json's "primary".
  name=$([ "$k" -eq 1 ] && echo primary || echo "replica$k")
  # On loopback replica k listens 10 ports up (5112, 5122...); in hosts each on its own address.
  shift_port=$([ -n "$HOSTS_MODE" ] && echo 0 || echo $((10 * (k - 1))))
  if [ "$k" -le "$PROJECTION_REPLICAS" ]; then
    projections="http://$(at "projections$suffix"):$((5102 + shift_port))"
    start_service "projections$suffix" services/TradeMesh.Projections/bin/Release/net10.0/TradeMesh.Projections.dll \
      "$projections" TRADEMESH_GATEWAY_SECRET="$TRADEMESH_GATEWAY_SECRET" TRADEMESH_API_KEYS="$TRADEMESH_API_KEYS" \
      ConnectionStrings__postgres="$(pg projections "$TRADEMESH_PG_PROJECTIONS_PASSWORD")" \
      ConnectionStrings__rabbitmq="$(amqp projections "$TRADEMESH_AMQP_PROJECTIONS_PASSWORD")"
    destinations+=("ReverseProxy__Clusters__projections__Destinations__${name}__Address=$projections/")
  fi
  [ "$k" -le "$REPLICAS" ] || continue
  ingestion="http://$(at "ingestion$suffix"):$((5101 + shift_port))"
  # Each ingestion replica asks its own projection replica (or the last there is) how far a release is applied.
  start_service "ingestion$suffix" services/TradeMesh.Ingestion/bin/Release/net10.0/TradeMesh.Ingestion.dll \
    "$ingestion" TRADEMESH_GATEWAY_SECRET="$TRADEMESH_GATEWAY_SECRET" \
    ConnectionStrings__postgres="$(pg ingestion "$TRADEMESH_PG_INGESTION_PASSWORD")" \
    ConnectionStrings__rabbitmq="$(amqp ingestion "$TRADEMESH_AMQP_INGESTION_PASSWORD")" \
    Services__projections="$projections/" Tracing__ViewerUrl="${TRADEMESH_TRACE_URL:-${TRACE_URL:-}}"
  destinations+=("ReverseProxy__Clusters__ingestion__Destinations__${name}__Address=$ingestion/")
done
start_service gateway gateway/TradeMesh.Gateway/bin/Release/net10.0/TradeMesh.Gateway.dll \
  "http://$(at gateway):8080" TRADEMESH_GATEWAY_SECRET="$TRADEMESH_GATEWAY_SECRET" "${destinations[@]}" \
  TRADEMESH_API_KEYS="$TRADEMESH_API_KEYS"
# The gateway's host, reached from this machine's loopback as without --hosts (socat forwards).
if [ -n "$HOSTS_MODE" ] && ! pid_alive "$STATE/forward.pid" socat; then
  setsid nohup socat "TCP-LISTEN:$GATEWAY_PORT,bind=127.0.0.1,reuseaddr,fork" "TCP:$(host_addr "$STATE" gateway):8080" \
    </dev/null >>"$STATE/logs/forward.log" 2>&1 &
  echo $! >"$STATE/forward.pid"
fi

show_logs() { tail -n 30 "$STATE"/logs/*.log >&2; }

log "waiting for $GATEWAY/health"
deadline=$((SECONDS + 90))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$GATEWAY/health")" = 200 ]; do
  if [ $SECONDS -ge $deadline ]; then
    echo "the gateway did not report healthy within 90 s; last lines of the service logs:" >&2
    show_logs
    exit 1
  fi
  sleep 1
done

# Sample releases, pushed with the CLI (built above) as a publisher would; --wait follows each
# until every read model has it. Resending an identical release is answered 202 again, so reruns are fine.
for file in deploy/sample-data/*.json; do
  if ! dotnet tools/TradeMesh.Cli/bin/Release/net10.0/trademesh.dll push "$file" \
      --gateway "$GATEWAY" --api-key "$KEY" --wait --timeout 60; then
    show_logs
    exit 1
  fi
done

LOGS="PostgreSQL: $STATE/pg/postgres.log, RabbitMQ: $STATE/rabbitmq/log/"
[ -n "$HOSTS_MODE" ] && LOGS="the nodes' under $STATE/mq1 ... pg2; hosts and their addresses: $STATE/hosts"
cat <<EOF

TradeMesh is running at http://localhost:$GATEWAY_PORT
  API key:  $KEY${ADMIN_KEY:+
  admin key: $ADMIN_KEY (POST /admin/rebuild; in $STATE/admin-key)}
  logs:     $STATE/logs/ ($LOGS)
  RabbitMQ: http://${MQ:-localhost}:15672 (trademesh, password TRADEMESH_AMQP_PASSWORD in $STATE/credentials.env)
  publish:  AMQP as the publisher user: \$(cat $STATE/publisher-amqp-url)${HOSTS_MODE:+
  nodes:    ${RabbitMq__Nodes:-} (any takes a release: trademesh push --via amqp --amqp-nodes ...)}${TRACE_URL:+
  traces:   $VIEWER (Aspire Dashboard, no login token; loopback only: from another machine, ssh -L 18888:127.0.0.1:18888)}
  try:      curl localhost:8080/api/rankings/2025
  stop:     deploy/local/${HOSTS_MODE:+cluster-}down.sh   (--purge also deletes $STATE)
EOF
