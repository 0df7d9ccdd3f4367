#!/usr/bin/env bash
# The benchmark suite of issue 8, one command: starts the system as up.sh does (its own state
# folder, a fresh store, rate limits lifted), runs `TradeMesh.Benchmarks suite` against it (the
# baselines, the pipeline, gateway against direct with wrk, a steady run at half rate, the rebuild
# from 1M stored events, each service's memory), prints one table and writes it as Markdown,
# then stops what it started.
#
#   deploy/local/bench.sh            full sizes: 10-minute steady run, 1M events, 20 repetitions
#   deploy/local/bench.sh --quick    small sizes (60 s steady run, 150k events, 3 repetitions): a few minutes
#   deploy/local/bench.sh --only=rebuild    only the named sections (as printed after "==>"), after the warm-up
#
# Output: TestResults/bench/results.md (BENCH_OUT=... to change), service logs beside it in logs/.
# State: ${TRADEMESH_STATE:-.state/bench}, deleted at the start and end of each run (--keep keeps
# it at the end).
# up.sh uses fixed ports; while another system holds them, this waits (BENCH_PORT_WAIT seconds, 900).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

quick=() only=() keep=
for arg in "$@"; do
  case "$arg" in
    --quick) quick=(--quick) ;;
    --keep) keep=1 ;;
    --only=*) only=(--only "${arg#--only=}") ;;
    *) echo "usage: $0 [--quick] [--keep] [--only=SECTION,...]" >&2; exit 2 ;;
  esac
done

# wrk drives the gateway section; up.sh installs the rest.
ensure_packages wrk

STATE=$(realpath -m "${TRADEMESH_STATE:-$REPO_ROOT/.state/bench}")
OUT=$(realpath -m "${BENCH_OUT:-$REPO_ROOT/TestResults/bench/results.md}")
export TRADEMESH_STATE=$STATE
# Writes and reads far beyond the gateway's default limits: a 429 would measure the limiter.
export RateLimits__WritesPerMinute=1000000 RateLimits__ReadsPerSecond=1000000
# The issue's targets are set with tracing off; TRADEMESH_TRACING=on measures with every span exported.
export TRADEMESH_TRACING=${TRADEMESH_TRACING:-off}

# PostgreSQL, AMQP, management, Erlang distribution, ingestion, projections, gateway, and the
# trace viewer's UI and OTLP ports (another system's viewer would receive this run's spans).
PORTS=(5432 5672 15672 25672 5101 5102 8080 18888 4317 4318)
busy_ports() {
  local p
  for p in "${PORTS[@]}"; do ss -Hltn "sport = :$p" | grep -q . && echo -n "$p "; done
  return 0
}
deadline=$((SECONDS + ${BENCH_PORT_WAIT:-900}))
while busy=$(busy_ports) && [ -n "$busy" ]; do
  if [ $SECONDS -ge $deadline ]; then
    echo "ports still in use: $busy(another up.sh system?); stop it or retry later" >&2
    ss -Hltnp | grep -E ":($(IFS='|'; echo "${PORTS[*]}")) " >&2 || true
    exit 1
  fi
  log "ports in use by another system: $busy- waiting"
  sleep 15
done

stop() {
  "$LOCAL_DIR/down.sh"
  # The service logs outlive the purge, next to the results, for a run that went wrong.
  if [ -d "$STATE/logs" ]; then rm -rf "$(dirname "$OUT")/logs"; mkdir -p "$(dirname "$OUT")"; cp -r "$STATE/logs" "$(dirname "$OUT")/logs"; fi
  [ -n "$keep" ] || rm -rf "$STATE"
}
trap stop EXIT
# A fresh store each run: figures depend on how many events are stored already.
"$LOCAL_DIR/down.sh" --purge
"$LOCAL_DIR/up.sh"

cd "$REPO_ROOT"
# up.sh built the solution (the benchmark project is in it), in Release.
# The commit measured, marked when the working tree differs from it.
BENCH_COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!TestResults' 2>/dev/null || echo ' + uncommitted changes')" \
TRADEMESH_API_KEY=$(cat "$STATE/api-key") \
  dotnet run --project tests/TradeMesh.Benchmarks -c Release --no-build -- suite "${quick[@]}" "${only[@]}" --state "$STATE" --out "$OUT"
