#!/usr/bin/env bash
# Stops what up.sh started, in reverse order: the services (by pid file), then the RabbitMQ
# node and PostgreSQL of the local state folder, or with up.sh --hosts (a state folder listing
# hosts) the cluster's nodes and every host. Data stays; --purge deletes the folder too.
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

# The gateway first, then every replica (projections2.pid, ingestion2.pid, ...).
for pidfile in "$STATE"/gateway.pid "$STATE"/projections*.pid "$STATE"/ingestion*.pid; do
  [ -e "$pidfile" ] || continue
  if pid_alive "$pidfile" TradeMesh.; then log "stopping $(basename "$pidfile" .pid)"; fi
  stop_pid_file "$pidfile" TradeMesh.
done
stop_pid_file "$STATE/forward.pid" socat
if pid_alive "$STATE/trace-viewer.pid" Aspire.Dashboard; then log "stopping the trace viewer"; fi
stop_pid_file "$STATE/trace-viewer.pid" Aspire.Dashboard
if [ -f "$STATE/hosts" ]; then
  source "$LOCAL_DIR/cluster-lib.sh"
  cluster_backing_down "$STATE"
else
  stop_rabbitmq "$STATE"
  stop_postgres "$STATE"
fi

if [ -n "$purge" ]; then
  log "deleting $STATE"
  wipe_state "$STATE"
fi
