# shellcheck shell=bash
# TradeMesh's backing services across "hosts" (network namespaces on a bridge, hosts-lib.sh): a
# three-node RabbitMQ cluster (hosts mq1..mq3) and PostgreSQL under pg_auto_failover (pgmon, pg1,
# pg2, pgha-lib.sh). For cluster-up.sh, cluster-down.sh and the cross-host tests. Source it after
# lib.sh. Each host has its own ports, so every node uses the standard ones on its own address:
# AMQP 5672, management 15672, distribution 25672, epmd 4369, PostgreSQL 5432.
source "$LOCAL_DIR/hosts-lib.sh"
source "$LOCAL_DIR/pgha-lib.sh"

CLUSTER_MQ_HOSTS=(mq1 mq2 mq3)
# A node that stops answering (a partition drops its packets) is declared down after 3/4 to 5/4 of
# this, and only then do its quorum queues elect a new leader: with Erlang's default 60 s a
# partitioned leader stalled publishing for 75 s (cross-host suite, 2026-12-03); 10 s suits a LAN.
CLUSTER_MQ_TICKTIME=10

# Nodes are named by address (long names), so no host needs a name in /etc/hosts.
cluster_mq_node() { echo "rabbit@$(host_addr "$1" "$2")"; } # STATE HOST

# The environment of a node's Erlang VM and of the CLI talking to it: the cluster's cookie in
# STATE/home, long names, and epmd reachable by the other hosts.
cluster_mq_env() { # STATE HOST
  echo "HOME=$1/home RABBITMQ_USE_LONGNAME=true ERL_EPMD_ADDRESS=127.0.0.1,$(host_addr "$1" "$2")"
}

cluster_ctl() { # STATE HOST ARGS...
  local state=$1 host=$2 node
  node=$(cluster_mq_node "$state" "$host")
  shift 2
  # shellcheck disable=SC2046
  host_run "$host" env $(cluster_mq_env "$state" "$host") /usr/lib/rabbitmq/bin/rabbitmqctl -q --longnames -n "$node" "$@"
}

# Launches the node of HOST (made before by cluster_mq_up), or again after host_kill: its data is
# kept. Returns at once; cluster_mq_await waits for it. Split so that a whole cluster restarting
# starts all its nodes together: a node coming back waits for its peers' Mnesia tables.
cluster_mq_launch() { # STATE HOST
  local state=$1 host=$2 addr dir node
  addr=$(host_addr "$state" "$host")
  node=$(cluster_mq_node "$state" "$host")
  dir=$(daemon_dir "$state" "$host")
  mkdir -p "$dir/mnesia" "$dir/log"
  if cluster_ctl "$state" "$host" ping >/dev/null 2>&1; then log "$node already running"; return 0; fi
  # A node cut off from the majority stops serving instead of diverging.
  write_rabbitmq_conf "$dir/rabbitmq.conf" 15672 "cluster_partition_handling = pause_minority" "$addr"
  echo '[rabbitmq_management,rabbitmq_shovel,rabbitmq_shovel_management].' >"$dir/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$dir"
  log "starting RabbitMQ $node in host $host"
  # shellcheck disable=SC2046
  host_run "$host" env $(cluster_mq_env "$state" "$host") RABBITMQ_NODENAME="$node" RABBITMQ_NODE_IP_ADDRESS="$addr" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {${addr//./,}} -kernel net_ticktime $CLUSTER_MQ_TICKTIME" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_PID_FILE="$dir/rabbitmq.pid" \
    setsid runuser -u rabbitmq -- env HOME="$state/home" /usr/lib/rabbitmq/bin/rabbitmq-server \
    </dev/null >"$dir/log/console.log" 2>&1 &
}

cluster_mq_await() { # STATE HOST
  local state=$1 host=$2 dir deadline=$((SECONDS + 180))
  dir=$(daemon_dir "$state" "$host")
  until cluster_ctl "$state" "$host" await_startup --timeout 30 >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "RabbitMQ $(cluster_mq_node "$state" "$host") did not start; last lines of its logs:" >&2
      tail -n 20 "$dir/log/console.log" "$dir"/log/*.log >&2 || true
      return 1
    fi
    sleep 1
  done
}

cluster_mq_start() { cluster_mq_launch "$@" && cluster_mq_await "$@"; } # STATE HOST

# Three hosts, a node on each, joined to mq1's; then users, permissions and the releases exchange +
# quorum queue (a quorum queue gets a member on every node of the cluster at declaration).
cluster_mq_up() { # STATE
  local state=$1 host first
  mkdir -p "$state/home"
  if [ ! -f "$state/home/.erlang.cookie" ]; then
    head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$state/home/.erlang.cookie"
  fi
  chown -R rabbitmq:rabbitmq "$state/home"
  chmod 700 "$state/home"
  chmod 400 "$state/home/.erlang.cookie"
  for host in "${CLUSTER_MQ_HOSTS[@]}"; do host_add "$state" "$host" >/dev/null; done
  for host in "${CLUSTER_MQ_HOSTS[@]}"; do cluster_mq_launch "$state" "$host"; done
  for host in "${CLUSTER_MQ_HOSTS[@]}"; do cluster_mq_await "$state" "$host"; done
  first=$(cluster_mq_node "$state" "${CLUSTER_MQ_HOSTS[0]}")
  for host in "${CLUSTER_MQ_HOSTS[@]:1}"; do
    if ! cluster_ctl "$state" "$host" cluster_status --formatter json | grep -qF "\"$first\""; then
      log "joining $(cluster_mq_node "$state" "$host") to $first"
      cluster_ctl "$state" "$host" stop_app
      cluster_ctl "$state" "$host" join_cluster "$first"
      cluster_ctl "$state" "$host" start_app
    fi
  done
  apply_rabbitmq_definitions 15672 "$(host_addr "$state" "${CLUSTER_MQ_HOSTS[0]}")"
}

urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

# The host whose node leads QUEUE's quorum (Raft) group now, asked of the management API of any
# node that answers within 3 s (admin credentials from ensure_credentials). Not rabbitmqctl
# list_queues: with a node down it waits about 60 s for that node before answering.
cluster_mq_leader() { # STATE QUEUE [VHOST]
  local state=$1 queue=$2 vhost=${3:-/} host leader
  for host in "${CLUSTER_MQ_HOSTS[@]}"; do
    leader=$(curl -sf -m 3 -u "trademesh:$TRADEMESH_AMQP_PASSWORD" \
      "http://$(host_addr "$state" "$host"):15672/api/queues/$(urlencode "$vhost")/$(urlencode "$queue")?columns=leader" |
      python3 -c 'import json, sys; print(json.load(sys.stdin).get("leader") or "")' 2>/dev/null) || continue
    [ -n "$leader" ] || continue
    for host in "${CLUSTER_MQ_HOSTS[@]}"; do
      [ "$leader" = "$(cluster_mq_node "$state" "$host")" ] && { echo "$host"; return 0; }
    done
  done
  echo "no node names a leader of $queue" >&2
  return 1
}

cluster_mq_down() { # STATE
  local state=$1 host dir
  for host in "${CLUSTER_MQ_HOSTS[@]}"; do
    [ -n "$(host_addr "$state" "$host")" ] || continue
    dir=$(daemon_dir "$state" "$host")
    if cluster_ctl "$state" "$host" ping >/dev/null 2>&1; then
      log "stopping $(cluster_mq_node "$state" "$host")"
      # With the pid file, `stop` returns only once the Erlang VM has exited.
      # shellcheck disable=SC2046
      timeout 120 ip netns exec "$(host_ns "$host")" env $(cluster_mq_env "$state" "$host") \
        /usr/lib/rabbitmq/bin/rabbitmqctl -q --longnames -n "$(cluster_mq_node "$state" "$host")" \
        stop "$dir/rabbitmq.pid" >/dev/null || true
    fi
  done
}

# Where the services and the tests connect, in STATE/backing.env (admin credentials: the tests
# and operators use it; cluster-up.sh gives each service its own role and user).
cluster_write_backing_env() { # STATE
  local state=$1 host nodes=()
  for host in "${CLUSTER_MQ_HOSTS[@]}"; do nodes+=("$(host_addr "$state" "$host"):5672"); done
  ( umask 077; cat >"$state/backing.env" <<EOF
POSTGRES=$(pgha_connection "$state")
RABBITMQ=amqp://trademesh:$TRADEMESH_AMQP_PASSWORD@${nodes[0]}/
RABBITMQ_NODES=$(IFS=,; echo "${nodes[*]}")
RABBITMQ_MANAGEMENT=http://$(host_addr "$state" "${CLUSTER_MQ_HOSTS[0]}"):15672
EOF
  )
}

cluster_backing_up() { # STATE
  local state=$1
  ensure_credentials "$state"
  hosts_init "$state"
  cluster_mq_up "$state"
  pgha_up "$state"
  cluster_write_backing_env "$state"
}

# Stops the nodes cleanly where they still answer, then removes every host (and whatever ran in it).
cluster_backing_down() { # STATE
  local state=$1
  [ -f "$state/hosts" ] || return 0
  hosts_load "$state"
  ensure_credentials "$state" >/dev/null
  cluster_mq_down "$state" || true
  pgha_down "$state" || true
  hosts_down "$state"
}
