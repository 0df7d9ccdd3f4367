#!/usr/bin/env bash
# Issue 17's ratio: the pipeline burst of the benchmark suite (20 x 5,000-city releases over HTTP,
# push -> applied) on the single-node set-up (up.sh: one PostgreSQL, one RabbitMQ node, one replica
# of each service) and on the cluster (up.sh --hosts: three RabbitMQ nodes with quorum queues on
# all three, PostgreSQL with a synchronous standby, two replicas of each service, each in its own
# host), in one run. Both systems run side by side, tracing off; rounds alternate ABBA so a drift
# of the machine weighs on both alike, and each round uses periods of its own.
#
#   deploy/local/bench-cluster.sh        2 rounds of each (BENCH_ROUNDS=N for N of each)
#
# Output: TestResults/bench/cluster.md. Uses up.sh's ports, .state/bench-single and
# .state/bench-cluster (hosts tmb-*, 10.231.4.0/24), purged at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SINGLE=$(realpath -m "$REPO_ROOT/.state/bench-single")
CLUSTER=$(realpath -m "$REPO_ROOT/.state/bench-cluster")
OUT=$REPO_ROOT/TestResults/bench/cluster.md
ROUNDS=${BENCH_ROUNDS:-2}
export TRADEMESH_TRACING=off RateLimits__WritesPerMinute=1000000 RateLimits__ReadsPerSecond=1000000
export TRADEMESH_HOSTS_PREFIX=tmb TRADEMESH_HOSTS_NET=10.231.4
stop() {
  TRADEMESH_STATE=$SINGLE "$LOCAL_DIR/down.sh" --purge >/dev/null || true
  TRADEMESH_STATE=$CLUSTER "$LOCAL_DIR/down.sh" --purge >/dev/null || true
}
trap stop EXIT
stop
TRADEMESH_STATE=$SINGLE "$LOCAL_DIR/up.sh" >/dev/null
TRADEMESH_STATE=$CLUSTER TRADEMESH_GATEWAY_PORT=18080 "$LOCAL_DIR/up.sh" --hosts >/dev/null

source "$LOCAL_DIR/hosts-lib.sh"
cluster_env() { # what the benchmark reaches the cluster by: its hosts' addresses, no forwarder
  sed -n 's/^POSTGRES=/BENCH_POSTGRES=/p; s/^RABBITMQ=/BENCH_AMQP=/p; s/^RABBITMQ_MANAGEMENT=/BENCH_RABBIT_MANAGEMENT=/p' "$CLUSTER/backing.env"
  echo "BENCH_GATEWAY=http://$(host_addr "$CLUSTER" gateway):8080"
  echo "BENCH_PROJECTIONS=http://$(host_addr "$CLUSTER" projections1):5102"
}
mapfile -t CLUSTER_ENV < <(cluster_env)

cd "$REPO_ROOT"
results=$(mktemp)
order=()
for ((i = 0; i < ROUNDS; i++)); do
  if ((i % 2 == 0)); then order+=(single cluster); else order+=(cluster single); fi
done
year=2600
for mode in "${order[@]}"; do
  log "round: $mode, periods from $year"
  if [ "$mode" = single ]; then bench_round "$SINGLE" single "$year" "$results"
  else bench_round "$CLUSTER" cluster "$year" "$results" "${CLUSTER_ENV[@]}"; fi
  year=$((year + 3))
done

mkdir -p "$(dirname "$OUT")"
python3 - "$results" "$(git rev-parse --short HEAD)" "$(nproc)" >"$OUT" <<'PY'
import statistics, sys
rounds = [line.split() for line in open(sys.argv[1]) if line.strip()]
single = [float(r) for m, r in rounds if m == "single"]
cluster = [float(r) for m, r in rounds if m == "cluster"]
print(f"# The cluster against the single-node set-up (commit {sys.argv[2]}, {sys.argv[3]} cores, both systems up)\n")
print("Pipeline over HTTP, 20 x 5,000-city releases, push -> applied, city-events/s; rounds in the order run.\n")
print("| round | set-up | events/s |\n|---|---|---|")
for i, (m, r) in enumerate(rounds, 1):
    print(f"| {i} | {m} | {float(r):,.0f} |")
ratio = statistics.median(cluster) / statistics.median(single)
print(f"\nmedian cluster {statistics.median(cluster):,.0f}, median single {statistics.median(single):,.0f}: "
      f"cluster / single = {ratio:.2f}")
PY
cat "$OUT"
