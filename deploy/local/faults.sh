#!/usr/bin/env bash
# The fault suite alone: two replicas of each service on a PostgreSQL and a RabbitMQ of its own,
# a stream of 1,000-city releases, and kill -9 of RabbitMQ, of the projection replica running the
# daemon, of an ingestion replica after its 202s, and a PostgreSQL crash-restart. It prints, per
# fault: pushes, accepted, applied, duplicates absorbed and seconds to recover (also written to
# TestResults/fault-suite.md). deploy/local/test.sh runs it with everything else.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rc=0
deploy/local/test.sh --filter "Category=Faults" "$@" || rc=$?
[ -f TestResults/fault-suite.md ] && cat TestResults/fault-suite.md
exit $rc
