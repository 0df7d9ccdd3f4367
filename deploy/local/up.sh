#!/usr/bin/env bash
# Runs TradeMesh on this machine without Docker: PostgreSQL (5432) and RabbitMQ (5672,
# management 15672) as plain processes, the three services in the background, the sample
# releases loaded. Safe to run again: what runs is left alone, what is down is started.
# State, logs and pid files: ${TRADEMESH_STATE:-.state/local}. Stop with down.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Absolute: the rabbitmq wrappers cd to /var/lib/rabbitmq before reading the paths.
STATE=$(realpath -m "${TRADEMESH_STATE:-$REPO_ROOT/.state/local}")
GATEWAY=http://127.0.0.1:8080

ensure_packages
mkdir -p "$STATE/logs"
# Generated on the first run, kept in $STATE/credentials.env (0600).
ensure_credentials "$STATE"
start_postgres "$STATE" 5432
start_rabbitmq "$STATE" 5672 trademesh-local@localhost 15672 25672
# Each service with its own database role and broker user (least privilege, see docs/operations.md).
pg() { echo "Host=127.0.0.1;Port=5432;Username=trademesh_$1;Password=$2;Database=trademesh"; }
amqp() { echo "amqp://$1:$2@127.0.0.1:5672/"; }
# Without a trailing slash: amqp-publish reads "/" as the empty vhost, not the default one.
( umask 077; amqp publisher "$TRADEMESH_AMQP_PUBLISHER_PASSWORD" | sed 's#/$##' >"$STATE/publisher-amqp-url" )
# Traces go to the local viewer unless the caller names another OTLP endpoint, or turns export
# off with TRADEMESH_TRACING=off (what deploy/local/bench-tracing.sh compares against).
VIEWER=http://127.0.0.1:18888
if [ "${TRADEMESH_TRACING:-on}" = off ]; then
  unset OTEL_EXPORTER_OTLP_ENDPOINT OTEL_EXPORTER_OTLP_PROTOCOL
elif [ -z "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]; then
  start_trace_viewer "$STATE" 18888 4317 4318
  export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317 OTEL_EXPORTER_OTLP_PROTOCOL=grpc
  TRACE_URL="$VIEWER/traces/detail/{traceId}"
fi

cd "$REPO_ROOT"
log "dotnet build TradeMesh.sln -c Release"
dotnet build TradeMesh.sln -c Release -nologo -v quiet

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

start_service() { # NAME DLL URL [VAR=VALUE...]
  local name=$1 dll=$2 url=$3
  shift 3
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
    exec env "${hide[@]}" ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Development "${otel[@]}" "$@" \
      setsid nohup dotnet "$(basename "$dll")" </dev/null >>"$STATE/logs/$name.log" 2>&1) &
  echo $! >"$pidfile"
}

# The services answer only requests carrying the gateway's secret; the projection service checks
# admin keys again on /admin (hence TRADEMESH_API_KEYS there too).
start_service ingestion services/TradeMesh.Ingestion/bin/Release/net10.0/TradeMesh.Ingestion.dll \
  http://127.0.0.1:5101 TRADEMESH_GATEWAY_SECRET="$TRADEMESH_GATEWAY_SECRET" \
  ConnectionStrings__postgres="$(pg ingestion "$TRADEMESH_PG_INGESTION_PASSWORD")" \
  ConnectionStrings__rabbitmq="$(amqp ingestion "$TRADEMESH_AMQP_INGESTION_PASSWORD")" \
  Services__projections=http://127.0.0.1:5102/ Tracing__ViewerUrl="${TRADEMESH_TRACE_URL:-${TRACE_URL:-}}"
start_service projections services/TradeMesh.Projections/bin/Release/net10.0/TradeMesh.Projections.dll \
  http://127.0.0.1:5102 TRADEMESH_GATEWAY_SECRET="$TRADEMESH_GATEWAY_SECRET" TRADEMESH_API_KEYS="$TRADEMESH_API_KEYS" \
  ConnectionStrings__postgres="$(pg projections "$TRADEMESH_PG_PROJECTIONS_PASSWORD")" \
  ConnectionStrings__rabbitmq="$(amqp projections "$TRADEMESH_AMQP_PROJECTIONS_PASSWORD")"
start_service gateway gateway/TradeMesh.Gateway/bin/Release/net10.0/TradeMesh.Gateway.dll \
  http://127.0.0.1:8080 TRADEMESH_GATEWAY_SECRET="$TRADEMESH_GATEWAY_SECRET" \
  ReverseProxy__Clusters__ingestion__Destinations__primary__Address=http://127.0.0.1:5101/ \
  ReverseProxy__Clusters__projections__Destinations__primary__Address=http://127.0.0.1:5102/ \
  TRADEMESH_API_KEYS="$TRADEMESH_API_KEYS"

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

cat <<EOF

TradeMesh is running at http://localhost:8080
  API key:  $KEY${ADMIN_KEY:+
  admin key: $ADMIN_KEY (POST /admin/rebuild; in $STATE/admin-key)}
  logs:     $STATE/logs/ (PostgreSQL: $STATE/pg/postgres.log, RabbitMQ: $STATE/rabbitmq/log/)
  RabbitMQ: http://localhost:15672 (trademesh, password TRADEMESH_AMQP_PASSWORD in $STATE/credentials.env)
  publish:  AMQP as the publisher user: \$(cat $STATE/publisher-amqp-url)${TRACE_URL:+
  traces:   $VIEWER (Aspire Dashboard, no login token; loopback only: from another machine, ssh -L 18888:127.0.0.1:18888)}
  try:      curl localhost:8080/api/rankings/2025
  stop:     deploy/local/down.sh   (--purge also deletes $STATE)
EOF
