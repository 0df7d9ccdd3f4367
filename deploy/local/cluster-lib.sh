# shellcheck shell=bash
# A three-node RabbitMQ cluster of the Debian rabbitmq-server on this machine, for cluster-up.sh,
# cluster-down.sh and the cluster tests. Source it after lib.sh. Everything on loopback, apart
# from any other RabbitMQ here: its own node names, ports, data folders, Erlang cookie and epmd.
#
# Ports from one base B (TRADEMESH_CLUSTER_PORT, default 5681): AMQP B..B+2, management
# B+10..B+12, Erlang distribution B+20..B+22, epmd B+30, the CLI's distribution B+40..B+49.

CLUSTER_NODES=3
cluster_base() { echo "${TRADEMESH_CLUSTER_PORT:-5681}"; }
cluster_node() { echo "tm-cluster-$1-$(cluster_base)@localhost"; } # INDEX (1..3)

# The environment every Erlang VM of this cluster (nodes and CLI) runs with: the cookie in
# STATE/home, the cluster's own epmd on loopback.
cluster_env() { # STATE
  local base
  base=$(cluster_base)
  echo "HOME=$1/home ERL_EPMD_PORT=$((base + 30)) ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_CTL_DIST_PORT_MIN=$((base + 40)) RABBITMQ_CTL_DIST_PORT_MAX=$((base + 49))"
}

cluster_ctl() { # STATE INDEX ARGS...
  local state=$1 node
  node=$(cluster_node "$2")
  shift 2
  # shellcheck disable=SC2046
  env $(cluster_env "$state") /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "$node" "$@"
}

cluster_node_start() { # STATE INDEX
  local state=$1 i=$2 base node dir
  base=$(cluster_base)
  node=$(cluster_node "$i")
  dir="$state/node$i"
  mkdir -p "$dir/mnesia" "$dir/log"
  if cluster_ctl "$state" "$i" ping >/dev/null 2>&1; then log "$node already running"; return 0; fi
  # A node cut off from the majority stops serving instead of diverging.
  write_rabbitmq_conf "$dir/rabbitmq.conf" $((base + 10 + i - 1)) "cluster_partition_handling = pause_minority"
  echo '[rabbitmq_management,rabbitmq_shovel,rabbitmq_shovel_management].' >"$dir/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$dir"
  log "starting RabbitMQ $node on 127.0.0.1:$((base + i - 1))"
  # shellcheck disable=SC2046
  env $(cluster_env "$state") RABBITMQ_NODENAME="$node" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT=$((base + i - 1)) RABBITMQ_DIST_PORT=$((base + 20 + i - 1)) \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_PID_FILE="$dir/rabbitmq.pid" \
    setsid runuser -u rabbitmq -- env HOME="$state/home" /usr/lib/rabbitmq/bin/rabbitmq-server \
    </dev/null >"$dir/log/console.log" 2>&1 &
  local launcher=$! deadline=$((SECONDS + 120))
  until cluster_ctl "$state" "$i" await_startup --timeout 30 >/dev/null 2>&1; do
    if ! kill -0 "$launcher" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "RabbitMQ $node did not start; last lines of its logs:" >&2
      tail -n 20 "$dir/log/console.log" "$dir"/log/*.log >&2 || true
      return 1
    fi
    sleep 1
  done
}

# The nodes' folders (see daemon_dir in lib.sh); credentials as in lib.sh, in STATE/credentials.env.
cluster_dir() { ensure_credentials "$1"; daemon_dir "$1" cluster; } # STATE

cluster_up() { # STATE
  local state i
  state=$(cluster_dir "$1")
  mkdir -p "$state/home"
  if [ ! -f "$state/home/.erlang.cookie" ]; then
    head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$state/home/.erlang.cookie"
  fi
  chown -R rabbitmq:rabbitmq "$state/home"
  chmod 700 "$state/home"
  chmod 400 "$state/home/.erlang.cookie"
  for ((i = 1; i <= CLUSTER_NODES; i++)); do cluster_node_start "$state" "$i"; done
  local first
  first=$(cluster_node 1)
  for ((i = 2; i <= CLUSTER_NODES; i++)); do
    if ! cluster_ctl "$state" "$i" cluster_status --formatter json | grep -qF "\"$first\""; then
      log "joining $(cluster_node "$i") to $first"
      cluster_ctl "$state" "$i" stop_app
      cluster_ctl "$state" "$i" join_cluster "$first"
      cluster_ctl "$state" "$i" start_app
    fi
  done
  # Users, permissions and the releases exchange + quorum queue, once all nodes are in: a quorum
  # queue gets a member on every node of the cluster at declaration.
  apply_rabbitmq_definitions "$(($(cluster_base) + 10))"
}

cluster_down() { # STATE
  local state i
  state=$(cluster_dir "$1")
  for ((i = 1; i <= CLUSTER_NODES; i++)); do
    if cluster_ctl "$state" "$i" ping >/dev/null 2>&1; then
      log "stopping $(cluster_node "$i")"
      timeout 120 env $(cluster_env "$state") /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "$(cluster_node "$i")" \
        stop "$state/node$i/rabbitmq.pid" >/dev/null || true
    fi
  done
  # The cluster's own epmd, on its own port.
  env $(cluster_env "$state") epmd -kill >/dev/null 2>&1 || true
}

# Where the services connect: the first node in the URI, every node in RabbitMq__Nodes.
cluster_connection() { # STATE
  local base
  ensure_credentials "$1" >/dev/null
  base=$(cluster_base)
  echo "ConnectionStrings__rabbitmq=amqp://trademesh:$TRADEMESH_AMQP_PASSWORD@127.0.0.1:$base/"
  echo "RabbitMq__Nodes=127.0.0.1:$base,127.0.0.1:$((base + 1)),127.0.0.1:$((base + 2))"
}
