#!/usr/bin/env bash
# Stops what cluster-up.sh started and removes its hosts; --purge also deletes its data.
set -euo pipefail
TRADEMESH_STATE=${TRADEMESH_STATE:-$(dirname "${BASH_SOURCE[0]}")/../../.state/cluster} \
  exec "$(dirname "${BASH_SOURCE[0]}")/down.sh" "$@"
