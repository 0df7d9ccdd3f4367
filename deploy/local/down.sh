#!/usr/bin/env bash
# Stops what up.sh started, in reverse order: the services (by pid file), then the RabbitMQ
# node and PostgreSQL of the local state folder. Data stays; --purge deletes the folder too.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Absolute: the rabbitmq wrappers cd to /var/lib/rabbitmq before reading the paths.
STATE=$(realpath -m "${TRADEMESH_STATE:-$REPO_ROOT/.state/local}")
purge=
case "${1:-}" in
  --purge) purge=1 ;;
  "") ;;
  *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
esac

for name in gateway projections ingestion; do
  pidfile="$STATE/$name.pid"
  if pid_alive "$pidfile" TradeMesh.; then log "stopping $name"; fi
  stop_pid_file "$pidfile" TradeMesh.
done
if pid_alive "$STATE/trace-viewer.pid" Aspire.Dashboard; then log "stopping the trace viewer"; fi
stop_pid_file "$STATE/trace-viewer.pid" Aspire.Dashboard
stop_rabbitmq "$STATE"
stop_postgres "$STATE"

if [ -n "$purge" ]; then
  log "deleting $STATE"
  wipe_state "$STATE"
fi
