#!/usr/bin/env bash
# Stops what cluster-up.sh started; --purge also deletes its data.
#   deploy/local/cluster-down.sh [--purge] [STATE_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$LOCAL_DIR/cluster-lib.sh"
purge=
[ "${1:-}" = --purge ] && { purge=1; shift; }
STATE=$(realpath -m "${1:-$REPO_ROOT/.state/cluster}")
cluster_down "$STATE"
[ -n "$purge" ] && wipe_state "$STATE"
exit 0
