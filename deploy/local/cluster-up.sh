#!/usr/bin/env bash
# TradeMesh beyond one machine, on this one: every service replica (two of ingestion and
# projections, one gateway), three RabbitMQ nodes and PostgreSQL under pg_auto_failover (a monitor,
# a primary, a synchronous secondary), each in a host of its own (a network namespace on a bridge
# this script makes: hosts-lib.sh). The gateway answers on 127.0.0.1:8080 as with up.sh, so the
# README's queries work unchanged. State: ${TRADEMESH_STATE:-.state/cluster}; stop with cluster-down.sh.
set -euo pipefail
TRADEMESH_STATE=${TRADEMESH_STATE:-$(dirname "${BASH_SOURCE[0]}")/../../.state/cluster} \
  exec "$(dirname "${BASH_SOURCE[0]}")/up.sh" --hosts
