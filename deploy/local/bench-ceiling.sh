#!/usr/bin/env bash
# Issue 17's ceiling: applying events runs on one daemon at a time (Marten's HotCold leader), so
# more projection replicas do not apply faster. Measured here: the pipeline burst of the benchmark
# suite (20 x 5,000-city releases over HTTP, push -> applied) with 1, 2 and 3 projection replicas
# (up.sh with TRADEMESH_PROJECTION_REPLICAS=N: one PostgreSQL, one RabbitMQ node, one ingestion),
# in the order 1 2 3 3 2 1 so a drift of the machine weighs on each alike; tracing off.
#
#   deploy/local/bench-ceiling.sh
#
# Output: TestResults/bench/ceiling.md. Uses up.sh's ports and .state/bench-ceiling, purged at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATE=$(realpath -m "$REPO_ROOT/.state/bench-ceiling")
OUT=$REPO_ROOT/TestResults/bench/ceiling.md
export TRADEMESH_STATE=$STATE TRADEMESH_TRACING=off RateLimits__WritesPerMinute=1000000 RateLimits__ReadsPerSecond=1000000
trap '"$LOCAL_DIR/down.sh" --purge >/dev/null || true' EXIT
"$LOCAL_DIR/down.sh" --purge >/dev/null

cd "$REPO_ROOT"
results=$(mktemp)
year=2600 built=${TRADEMESH_BUILT:-}
for n in 1 2 3 3 2 1; do
  # The services stop between rounds; the store and the broker keep their data.
  for pidfile in "$STATE"/gateway.pid "$STATE"/projections*.pid "$STATE"/ingestion*.pid; do
    if [ -e "$pidfile" ]; then stop_pid_file "$pidfile" TradeMesh.; fi
  done
  log "round: $n projection replica(s), periods from $year"
  TRADEMESH_PROJECTION_REPLICAS=$n TRADEMESH_BUILT=$built "$LOCAL_DIR/up.sh" >/dev/null
  built=1
  bench_round "$STATE" "$n" "$year" "$results"
  year=$((year + 3))
done

mkdir -p "$(dirname "$OUT")"
python3 - "$results" "$(git rev-parse --short HEAD)" "$(nproc)" >"$OUT" <<'PY'
import statistics, sys
rounds = [line.split() for line in open(sys.argv[1]) if line.strip()]
print(f"# The apply ceiling: projection replicas against events applied (commit {sys.argv[2]}, {sys.argv[3]} cores)\n")
print("Pipeline over HTTP, 20 x 5,000-city releases, push -> applied, city-events/s; one PostgreSQL, one RabbitMQ node,")
print("one ingestion replica; rounds in the order run.\n")
print("| round | projection replicas | events/s |\n|---|---|---|")
for i, (n, r) in enumerate(rounds, 1):
    print(f"| {i} | {n} | {float(r):,.0f} |")
print("\n| projection replicas | median events/s | against 1 replica |\n|---|---|---|")
medians = {n: statistics.median(float(r) for m, r in rounds if m == n) for n in sorted({m for m, _ in rounds})}
for n, m in medians.items():
    print(f"| {n} | {m:,.0f} | {m / medians['1']:.2f} |")
PY
cat "$OUT"
