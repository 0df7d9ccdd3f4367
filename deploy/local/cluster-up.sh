#!/usr/bin/env bash
# Starts a three-node RabbitMQ cluster on loopback (see cluster-lib.sh for names and ports) with
# TradeMesh's users and its releases exchange + quorum queue, and prints the settings that point
# the services and the CLI at every node. State: .state/cluster unless given.
#   deploy/local/cluster-up.sh [STATE_DIR]      (TRADEMESH_CLUSTER_PORT=5681 sets the base port)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$LOCAL_DIR/cluster-lib.sh"
STATE=$(realpath -m "${1:-$REPO_ROOT/.state/cluster}")
ensure_packages
cluster_up "$STATE"
log "cluster up; point the services at every node with:"
cluster_connection "$STATE"
