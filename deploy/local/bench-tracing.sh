#!/usr/bin/env bash
# Issue 16's like-for-like: the pipeline burst of the benchmark suite (20 x 5,000-city releases
# over HTTP, push -> applied) with tracing export off and with every span exported to the local
# trace viewer, in one run on one store. Rounds alternate ABBA (on off off on ...) so a drift of
# the machine or the store weighs on both sides alike; each round restarts the three services
# with or without export and uses periods of its own.
#
#   deploy/local/bench-tracing.sh        4 rounds of each (BENCH_ROUNDS=N for N of each)
#
# Output: TestResults/bench/tracing.md. Uses up.sh's ports and .state/bench-tracing, purged at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATE=$(realpath -m "$REPO_ROOT/.state/bench-tracing")
OUT=$REPO_ROOT/TestResults/bench/tracing.md
ROUNDS=${BENCH_ROUNDS:-4}
export TRADEMESH_STATE=$STATE RateLimits__WritesPerMinute=1000000 RateLimits__ReadsPerSecond=1000000
trap '"$LOCAL_DIR/down.sh" --purge >/dev/null' EXIT
"$LOCAL_DIR/down.sh" --purge
"$LOCAL_DIR/up.sh" >/dev/null

cd "$REPO_ROOT"
results=$(mktemp)
order=()
for ((i = 0; i < ROUNDS; i++)); do
  if ((i % 2 == 0)); then order+=(on off); else order+=(off on); fi
done
year=2600
for mode in "${order[@]}"; do
  for name in gateway projections ingestion; do stop_pid_file "$STATE/$name.pid" TradeMesh.; done
  TRADEMESH_TRACING=$mode "$LOCAL_DIR/up.sh" >/dev/null
  log "round: tracing $mode, periods from $year"
  bench_round "$STATE" "$mode" "$year" "$results"
  year=$((year + 3))
done

mkdir -p "$(dirname "$OUT")"
python3 - "$results" "$(git rev-parse --short HEAD)" >"$OUT" <<'PY'
import statistics, sys
rounds = [line.split() for line in open(sys.argv[1]) if line.strip()]
on = [float(r) for m, r in rounds if m == "on"]
off = [float(r) for m, r in rounds if m == "off"]
print(f"# Tracing on against off (commit {sys.argv[2]})\n")
print("Pipeline over HTTP, 20 x 5,000-city releases, push -> applied, city-events/s; rounds in the order run.\n")
print("| round | tracing | events/s |\n|---|---|---|")
for i, (m, r) in enumerate(rounds, 1):
    print(f"| {i} | {m} | {float(r):,.0f} |")
ratio = statistics.median(on) / statistics.median(off)
cost = f"{(1 - ratio) * 100:.1f} % slower with tracing on" if ratio < 1 else "tracing on no slower"
spread = f"rounds from {min(on + off):,.0f} to {max(on + off):,.0f}"
print(f"\nmedian on {statistics.median(on):,.0f}, median off {statistics.median(off):,.0f}: on / off = {ratio:.3f} "
      f"({cost}; {spread}); target at most 10 % slower: {'met' if ratio >= 0.9 else 'missed'}")
PY
cat "$OUT"
