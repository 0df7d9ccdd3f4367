#!/usr/bin/env bash
# Runs every test of TradeMesh.sln against a real PostgreSQL and RabbitMQ started for this
# run only (fresh data, ports 55432/55672, so a local up.sh set can keep running alongside).
# Extra arguments go to `dotnet test`, e.g. deploy/local/test.sh --filter Category=Unit.
# The last line printed is "N passed, N failed" over all test projects.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATE="$REPO_ROOT/.state/test"
RESULTS="$REPO_ROOT/TestResults"
# Fixed ports; the variables exist only to dodge a clash with something else on this box.
PG_PORT=${TRADEMESH_TEST_PG_PORT:-55432}
AMQP_PORT=${TRADEMESH_TEST_AMQP_PORT:-55672}
MGMT_PORT=$((AMQP_PORT + 1)) DIST_PORT=$((AMQP_PORT + 2))
NODE="trademesh-test${TRADEMESH_TEST_AMQP_PORT:+-$TRADEMESH_TEST_AMQP_PORT}@localhost"

stop_dependencies() {
  stop_rabbitmq "$STATE" || true
  stop_postgres "$STATE" || true
}

# On every exit (success, failure, ctrl-c): stop the dependencies, then print the totals from
# the .trx files as the last line. Top-level results only (data-driven MSTest rows nest inner
# results under one parent); Error/Timeout/Aborted count as failed; no test at all is a failure.
finish() {
  local rc=$? totals passed failed
  trap - EXIT
  trap '' INT TERM # a second ctrl-c must not cut the clean-up short
  stop_dependencies
  totals=$(python3 - "$RESULTS" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    for result in ET.parse(path).getroot().iterfind(f"{ns}Results/{ns}UnitTestResult"):
        outcome = result.get("outcome")
        passed += outcome == "Passed"
        failed += outcome in ("Failed", "Error", "Timeout", "Aborted")
print(passed, failed)
PY
  ) || totals="0 0"
  read -r passed failed <<<"$totals"
  if [ "$rc" -eq 0 ] && [ $((passed + failed)) -eq 0 ]; then
    echo "no test ran: counted as a failure" >&2
    rc=1
  fi
  # A step that failed outside any test (package install, dependencies, the build) is one failure.
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  echo "$passed passed, $failed failed"
  exit "$rc"
}

# One run at a time per clone: a second run would wipe the databases of the first. Processes
# started below get `9>&-` so none of them (a daemon, an MSBuild node) keeps the lock.
mkdir -p "$REPO_ROOT/.state"
exec 9>"$REPO_ROOT/.state/test.lock"
if ! flock -n 9; then
  echo "another deploy/local/test.sh is running in this clone; waiting for it" >&2
  flock -w 1800 9 || { echo "0 passed, 1 failed"; exit 1; }
fi

# From here on every exit prints the totals, a failed install or build too. The results of an
# earlier run go first, so none of them is counted; TestResults/bench (bench.sh's results) stays.
if [ -d "$RESULTS" ]; then find "$RESULTS" -mindepth 1 -maxdepth 1 ! -name bench -exec rm -rf {} +; fi
trap finish EXIT
trap 'exit 130' INT TERM # leave through the EXIT trap, so the dependencies are stopped

ensure_packages
ensure_k8s_validator 9>&-

# Fresh data every run: stop whatever a killed earlier run left, then wipe its folder.
stop_dependencies
wipe_state "$STATE"
mkdir -p "$STATE"

start_postgres "$STATE" "$PG_PORT" 9>&-
start_rabbitmq "$STATE" "$AMQP_PORT" "$NODE" "$MGMT_PORT" "$DIST_PORT" 9>&-

# The administrators' addresses; the services' own credentials (TRADEMESH_PG_*_PASSWORD,
# TRADEMESH_AMQP_*_PASSWORD) and the gateway secret are exported by ensure_credentials.
export TRADEMESH_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=trademesh;Password=$TRADEMESH_PG_PASSWORD;Database=trademesh"
export TRADEMESH_TEST_RABBITMQ="amqp://trademesh:$TRADEMESH_AMQP_PASSWORD@127.0.0.1:$AMQP_PORT/"
export TRADEMESH_TEST_RABBITMQ_MANAGEMENT="http://127.0.0.1:$MGMT_PORT"
export TRADEMESH_TEST_RABBITMQ_NODE="$NODE"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The tracing tests start their own trace viewer (the one up.sh runs) from the NuGet package folder.
TRADEMESH_TEST_TRACE_VIEWER=$(trace_viewer_binary 9>&-)
export TRADEMESH_TEST_TRACE_VIEWER

cd "$REPO_ROOT"
# A hung test fails its run after the hang timeout, well above the slowest test (the fault suite,
# a few minutes), with a mini dump of the test host beside the .trx (createdump ships with the runtime).
HANG_TIMEOUT=${TRADEMESH_TEST_HANG_TIMEOUT:-12m}
dotnet test TradeMesh.sln -c Release --logger "trx;LogFilePrefix=results" \
  --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type mini \
  --results-directory "$RESULTS" "$@" 9>&-
