# shellcheck shell=bash
# PostgreSQL with automatic failover by pg_auto_failover (Debian postgresql-15-auto-failover): a
# monitor (host pgmon) and two data nodes (pg1, pg2) in hosts of hosts-lib.sh. The standby is
# synchronous (replication quorum), so a commit the primary acknowledged is on both nodes; when
# the primary's host dies the monitor promotes the standby within seconds. Source it after lib.sh
# and hosts-lib.sh (cluster-lib.sh does).
#
# Ports: every PostgreSQL here keeps its Unix socket in /var/run/postgresql, which all namespaces
# share (they split the network, not the file system), so the three use ports of their own.

PGHA_MONITOR=pgmon
PGHA_NODES=(pg1 pg2)
pgha_port() { case "$1" in pgmon) echo 6430 ;; pg1) echo 6431 ;; pg2) echo 6432 ;; esac; } # HOST

# pg_autoctl as the postgres user in HOST, its configuration and state kept beside the data.
pgha_autoctl() { # STATE HOST ARGS...
  local dir
  dir=$(daemon_dir "$1" "$2")
  local host=$2
  shift 2
  host_run "$host" runuser -u postgres -- env XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/share" \
    XDG_RUNTIME_DIR="$dir/run" PATH="$(pg_bin):$PATH" pg_autoctl "$@"
}

# psql in HOST as the postgres superuser, over its loopback (trust there, as initdb set it).
pgha_psql() { # STATE HOST SQL [DATABASE]
  host_run "$2" runuser -u postgres -- "$(pg_bin)/psql" -h 127.0.0.1 -p "$(pgha_port "$2")" -d "${4:-postgres}" \
    -v ON_ERROR_STOP=1 -qtAc "$3"
}

# The node's service (pg_autoctl run: its keeper and its PostgreSQL), in the background.
pgha_run() { # STATE HOST
  local state=$1 host=$2 dir
  dir=$(daemon_dir "$state" "$host")
  if pid_alive "$dir/keeper.pid" pg_autoctl; then return 0; fi
  log "starting pg_autoctl in host $host"
  host_run "$host" setsid runuser -u postgres -- env XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/share" \
    XDG_RUNTIME_DIR="$dir/run" PATH="$(pg_bin):$PATH" pg_autoctl run --pgdata "$dir/data" \
    </dev/null >>"$dir/keeper.log" 2>&1 &
  echo $! >"$dir/keeper.pid"
}

pgha_wait_sql() { # STATE HOST TIMEOUT SQL
  local deadline=$((SECONDS + $3))
  until pgha_psql "$1" "$2" "$4" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "PostgreSQL in $2 not ready after $3 s" >&2; tail -n 20 "$(daemon_dir "$1" "$2")/keeper.log" >&2; return 1; }
    sleep 1
  done
}

pgha_monitor_url() { echo "postgres://autoctl_node@$(host_addr "$1" $PGHA_MONITOR):$(pgha_port $PGHA_MONITOR)/pg_auto_failover?sslmode=disable"; }

pgha_create() { # STATE HOST ARGS...: once per node, its data folder made by pg_autoctl
  local state=$1 host=$2 dir
  dir=$(daemon_dir "$state" "$host")
  shift 2
  [ -f "$dir/data/PG_VERSION" ] && return 0
  mkdir -p "$dir/config" "$dir/share" "$dir/run"
  chown -R postgres:postgres "$dir"
  chmod 700 "$dir"
  log "pg_autoctl create $1 in host $host"
  pgha_autoctl "$state" "$host" create "$@" --pgdata "$dir/data" --pgport "$(pgha_port "$host")" \
    --hostname "$(host_addr "$state" "$host")" --pgctl "$(pg_bin)/pg_ctl" --auth trust --no-ssl >>"$dir/create.log" 2>&1 ||
    { tail -n 20 "$dir/create.log" >&2; return 1; }
}

# TradeMesh's clients by password, from the hosts' network only. pg_auto_failover's own users
# (monitor, replicator) keep the trust lines it writes for the named hosts' addresses; these lines
# name our users so they never shadow those.
pgha_allow_clients() { # STATE HOST
  local hba
  hba="$(daemon_dir "$1" "$2")/data/pg_hba.conf"
  grep -q '# TradeMesh clients' "$hba" && return 0
  # Every database: the tests give each system one of its own (the roles' grants still decide).
  echo "host all trademesh,trademesh_ingestion,trademesh_projections $HOSTS_NET.0/24 scram-sha-256 # TradeMesh clients" >>"$hba"
  pgha_psql "$1" "$2" "select pg_reload_conf()" >/dev/null
}

# The monitor, then pg1 (primary) and pg2 (synchronous standby, cloned from pg1 by pg_autoctl).
pgha_up() { # STATE
  local state=$1 host primary
  for host in $PGHA_MONITOR "${PGHA_NODES[@]}"; do host_add "$state" "$host" >/dev/null; done
  pgha_create "$state" $PGHA_MONITOR monitor
  pgha_run "$state" $PGHA_MONITOR
  pgha_wait_sql "$state" $PGHA_MONITOR 60 "select 1"
  # A primary that stops answering is declared unhealthy after 5 s of failed checks every second
  # (defaults: every 5 s, 20 s), and the standby is promoted 10 s later (default 30 s): the time
  # its keeper gives a primary cut off from the monitor to demote itself (5 s, set below; default
  # 20 s) with margin, so two primaries never take writes at once.
  pgha_psql "$state" $PGHA_MONITOR "alter system set pgautofailover.health_check_period = 1000" >/dev/null
  pgha_psql "$state" $PGHA_MONITOR "alter system set pgautofailover.health_check_timeout = 1000" >/dev/null
  pgha_psql "$state" $PGHA_MONITOR "alter system set pgautofailover.health_check_retry_delay = 500" >/dev/null
  pgha_psql "$state" $PGHA_MONITOR "alter system set pgautofailover.node_considered_unhealthy_timeout = 5000" >/dev/null
  pgha_psql "$state" $PGHA_MONITOR "alter system set pgautofailover.primary_demote_timeout = 10000" >/dev/null
  pgha_psql "$state" $PGHA_MONITOR "select pg_reload_conf()" >/dev/null
  for host in "${PGHA_NODES[@]}"; do
    pgha_create "$state" "$host" postgres --name "$host" --dbname trademesh --monitor "$(pgha_monitor_url "$state")"
    pgha_autoctl "$state" "$host" config set --pgdata "$(daemon_dir "$state" "$host")/data" timeout.network_partition_timeout 5 >/dev/null
    pgha_run "$state" "$host"
    pgha_wait_primary "$state" 120
    primary=$(pgha_primary "$state")
    pgha_allow_clients "$state" "$primary"
  done
  pgha_wait_state "$state" 180 "primary secondary"
  for host in "${PGHA_NODES[@]}"; do pgha_allow_clients "$state" "$host"; done
  # The settings of start_postgres that matter to TradeMesh, on both nodes: ALTER SYSTEM writes a
  # file that does not replicate, and a standby refuses to replay from a primary with more
  # max_connections than its own (it stops at its next restart).
  for host in "${PGHA_NODES[@]}"; do
    pgha_psql "$state" "$host" "alter system set max_connections = 200" >/dev/null
    pgha_psql "$state" "$host" "alter system set default_toast_compression = lz4" >/dev/null
    # A partitioned client's session (a daemon holding its leader lock) is dropped within ~10 s
    # instead of lingering until TCP gives up.
    pgha_psql "$state" "$host" "alter system set tcp_keepalives_idle = 4" >/dev/null
    pgha_psql "$state" "$host" "alter system set tcp_keepalives_interval = 2" >/dev/null
    pgha_psql "$state" "$host" "alter system set tcp_keepalives_count = 3" >/dev/null
    pgha_psql "$state" "$host" "alter system set tcp_user_timeout = 10000" >/dev/null
    pgha_psql "$state" "$host" "select pg_reload_conf()" >/dev/null
  done
  primary=$(pgha_primary "$state")
  # The admin role of the single-node set-up, then the same database, roles and schemas.
  pgha_psql "$state" "$primary" "do \$\$ begin if not exists (select from pg_roles where rolname = 'trademesh') then
    create role trademesh superuser login; end if; end \$\$" >/dev/null
  pgha_psql "$state" "$primary" "alter role trademesh password '$TRADEMESH_PG_PASSWORD'" >/dev/null
  prepare_database "$(pgha_port "$primary")" trademesh "$(host_addr "$state" "$primary")"
  pgha_wait_sync "$state" 60
}

# The node states the monitor reports, as "pg1:primary pg2:secondary".
pgha_states() { # STATE
  pgha_psql "$1" $PGHA_MONITOR "select string_agg(nodename || ':' || reportedstate, ' ' order by nodename) from pgautofailover.node" pg_auto_failover
}

# Waits until the monitor reports the nodes in exactly these states (any order), e.g. "primary secondary".
pgha_wait_state() { # STATE TIMEOUT WANTED
  local deadline=$((SECONDS + $2)) want have
  want=$(tr ' ' '\n' <<<"$3" | sort | tr '\n' ' ')
  while :; do
    have=$(pgha_states "$1" 2>/dev/null | tr ' ' '\n' | sed 's/^[^:]*://' | sort | tr '\n' ' ')
    [ "$have" = "$want" ] && return 0
    [ $SECONDS -lt $deadline ] || { echo "pg_auto_failover: $(pgha_states "$1") after $2 s, not $3" >&2; return 1; }
    sleep 1
  done
}

# The host whose PostgreSQL accepts writes now (asked of the nodes themselves, not the monitor).
pgha_primary() { # STATE
  local host
  for host in "${PGHA_NODES[@]}"; do
    [ "$(pgha_psql "$1" "$host" "select not pg_is_in_recovery()" 2>/dev/null)" = t ] && { echo "$host"; return 0; }
  done
  return 1
}

pgha_wait_primary() { # STATE [TIMEOUT]
  local deadline=$((SECONDS + ${2:-60}))
  until pgha_primary "$1" >/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "no PostgreSQL primary after ${2:-60} s: $(pgha_states "$1")" >&2; return 1; }
    sleep 1
  done
}

# Until the primary waits for its standby on every commit (the standby caught up and is synchronous).
pgha_wait_sync() { # STATE TIMEOUT
  local deadline=$((SECONDS + $2)) primary
  while :; do
    primary=$(pgha_primary "$1") &&
      [ "$(pgha_psql "$1" "$primary" "select count(*) from pg_stat_replication where sync_state in ('sync', 'quorum')")" = 1 ] &&
      [ -n "$(pgha_psql "$1" "$primary" "show synchronous_standby_names")" ] && return 0
    [ $SECONDS -lt $deadline ] || { echo "the standby is not synchronous after $2 s" >&2; return 1; }
    sleep 1
  done
}

# Npgsql's multi-host form: it tries the nodes in turn and keeps the one that takes writes.
pgha_connection() { # STATE [USER PASSWORD]
  local hosts=() host
  for host in "${PGHA_NODES[@]}"; do hosts+=("$(host_addr "$1" "$host"):$(pgha_port "$host")"); done
  echo "Host=$(IFS=,; echo "${hosts[*]}");Target Session Attributes=primary;Username=${2:-trademesh};Password=${3:-$TRADEMESH_PG_PASSWORD};Database=trademesh"
}

# A node killed with its host comes back: pg_autoctl rejoins it as a standby (pg_rewind if needed).
pgha_start_node() { pgha_run "$1" "$2"; } # STATE HOST

pgha_down() { # STATE
  local state=$1 host
  for host in "${PGHA_NODES[@]}" $PGHA_MONITOR; do
    [ -n "$(host_addr "$state" "$host")" ] || continue
    stop_pid_file "$(daemon_dir "$state" "$host")/keeper.pid" pg_autoctl
  done
}
