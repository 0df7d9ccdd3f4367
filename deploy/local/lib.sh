# shellcheck shell=bash
# Shared functions of the local scripts (up.sh, down.sh, test.sh). Source it, do not run it.
# PostgreSQL and RabbitMQ run from the Debian packages as plain background processes, with
# all their data under one state folder, so several sets (local, test) can run side by side
# and nothing depends on systemd or Docker.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL_DIR="$REPO_ROOT/deploy/local"
# Whichever Erlang program starts epmd first (a node, or rabbitmqctl / rabbitmq-diagnostics, which
# start it on demand) makes it listen where this says: loopback only.
export ERL_EPMD_ADDRESS=127.0.0.1

# The machine image carries PostgreSQL under /usr/lib/postgresql/<major>/bin (not on PATH);
# take the newest major present.
pg_bin() {
  local dirs=(/usr/lib/postgresql/*/bin/initdb)
  [ -x "${dirs[-1]}" ] || { echo "PostgreSQL server binaries not found" >&2; return 1; }
  dirname "${dirs[-1]}"
}

log() { echo "==> $*"; }

# Installs the OS packages the scripts need (and those named, e.g. bench.sh's wrk), only those
# missing; `apt-get update` only then.
ensure_packages() { # [PACKAGE...]
  # pg_auto_failover, nftables and socat: the hosts of up.sh --hosts (cluster-lib.sh).
  local pkgs=(rabbitmq-server amqp-tools python3-pika docker-compose curl chromium
    postgresql-15-auto-failover pg-auto-failover-cli nftables socat "$@") missing=() p
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || pkgs+=(postgresql)
  # node runs the offline validator of deploy/k8s (the image's nodejs brings npm; Debian's does not).
  command -v npm >/dev/null || pkgs+=(nodejs npm)
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  # Package scripts must not start a system-wide rabbitmq/postgres on the default ports: a
  # policy-rc.d answering 101 forbids it (the same trick container images use).
  local policy=/usr/sbin/policy-rc.d made_policy=
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; made_policy=1; fi
  local rc=0
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >/tmp/trademesh-apt.log 2>&1 || rc=$?
  [ -n "$made_policy" ] && rm -f "$policy"
  if [ $rc -ne 0 ]; then tail -n 20 /tmp/trademesh-apt.log >&2; return $rc; fi
}

# The pinned packages of the Kubernetes manifests' offline validator (deploy/k8s/validate).
ensure_k8s_validator() {
  local dir="$REPO_ROOT/deploy/k8s/validate"
  [ "$dir/package-lock.json" -ot "$dir/node_modules/.package-lock.json" ] && return 0
  log "npm ci in deploy/k8s/validate"
  npm ci --prefix "$dir" --no-audit --no-fund --silent
}

# --- credentials -------------------------------------------------------------------------
# Every password and the gateway's secret, generated on the first start of a state folder and
# kept in STATE/credentials.env (mode 0600, root's): nothing is a fixed default. A variable set
# in the environment wins (test.sh passes its own to the brokers and databases tests start).
CREDENTIALS=(TRADEMESH_PG_PASSWORD TRADEMESH_PG_INGESTION_PASSWORD TRADEMESH_PG_PROJECTIONS_PASSWORD
  TRADEMESH_AMQP_PASSWORD TRADEMESH_AMQP_INGESTION_PASSWORD TRADEMESH_AMQP_PROJECTIONS_PASSWORD
  TRADEMESH_AMQP_PUBLISHER_PASSWORD TRADEMESH_GATEWAY_SECRET)

random_secret() { od -An -tx1 -N16 /dev/urandom | tr -d ' \n'; }

ensure_credentials() { # STATE_DIR: exports every CREDENTIALS variable
  local file="$1/credentials.env" name
  mkdir -p "$1"
  # The environment wins over the file, the file over a new secret.
  local -A given=()
  for name in "${CREDENTIALS[@]}"; do [ -n "${!name:-}" ] && given[$name]=${!name}; done
  # shellcheck disable=SC1090
  [ -f "$file" ] && source "$file"
  ( umask 077
    for name in "${CREDENTIALS[@]}"; do
      echo "$name=${given[$name]:-${!name:-$(random_secret)}}"
    done >"$file.new" )
  mv "$file.new" "$file"
  set -a
  # shellcheck disable=SC1090
  source "$file"
  set +a
}

# The daemons run as the postgres / rabbitmq users and must reach their folders. Under a parent
# they cannot traverse (a clone in /root, mode 700) a folder goes to /var/tmp/trademesh/<hash of
# the state path> with a link from the state folder, instead of opening up the parents: nothing
# outside the repository changes mode. Prints the real path, which is what the daemons are given.
daemon_dir() { # STATE_DIR NAME
  local state=$1 name=$2 target
  mkdir -p "$state"
  if [ ! -L "$state/$name" ] && { [ -d "$state/$name" ] || runuser -u nobody -- test -x "$state"; }; then
    mkdir -p "$state/$name"
  elif [ ! -L "$state/$name" ]; then
    target=/var/tmp/trademesh/$(realpath -m "$state" | sha256sum | cut -c1-16)/$name
    mkdir -p "$target"
    chmod 755 /var/tmp/trademesh "$(dirname "$target")"
    ln -sfn "$target" "$state/$name"
  fi
  realpath "$state/$name"
}

# Deletes a state folder and the daemon folders it links to.
wipe_state() { # STATE_DIR
  local link
  for link in "$1"/*; do
    if [ -L "$link" ]; then rm -rf "$(realpath -m "$link")"; fi
  done
  rm -rf "$1"
}

# --- PostgreSQL --------------------------------------------------------------------------

pg_ctl_as_postgres() { runuser -u postgres -- "$(pg_bin)/pg_ctl" "$@"; }

pg_data() { echo "$(realpath -m "$1/pg")/data"; } # STATE_DIR

postgres_running() { # STATE_DIR
  [ -f "$(pg_data "$1")/PG_VERSION" ] && pg_ctl_as_postgres -D "$(pg_data "$1")" status >/dev/null 2>&1
}

# A superuser `trademesh` for operators and set-up only; each service has its own role that owns
# only its schema of the trademesh database (deploy/postgres/roles.sql).
start_postgres() { # STATE_DIR PORT
  local state=$1 port=$2 bin dir data
  ensure_credentials "$state"
  bin=$(pg_bin)
  dir=$(daemon_dir "$state" pg)
  data="$dir/data"
  if postgres_running "$state"; then
    log "PostgreSQL already running ($data)"
  else
    mkdir -p "$dir/run"
    chown -R postgres:postgres "$dir"
    chmod 700 "$dir"
    if [ ! -f "$data/PG_VERSION" ]; then
      log "initdb $data"
      local pwfile="$dir/pwfile"
      ( umask 077; echo "$TRADEMESH_PG_PASSWORD" >"$pwfile" )
      chown postgres "$pwfile"
      # Passwords (scram) over TCP, trust only on the private socket.
      runuser -u postgres -- "$bin/initdb" -D "$data" -U trademesh --pwfile="$pwfile" \
        --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; return 1; }
      rm -f "$pwfile"
      echo "include_if_exists = 'trademesh.conf'" >>"$data/postgresql.conf"
    fi
    # Rewritten on every start so the port given now is the one used.
    cat >"$data/trademesh.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/run'
max_connections = 200
# Read models are large JSON documents (a ranking is a megabyte): lz4 compresses them far cheaper than pglz.
default_toast_compression = lz4
EOF
    chown postgres:postgres "$data/trademesh.conf"
    log "starting PostgreSQL on 127.0.0.1:$port"
    pg_ctl_as_postgres -D "$data" -l "$dir/postgres.log" -w -t 60 start >/dev/null \
      || { tail -n 20 "$dir/postgres.log" >&2; return 1; }
  fi
  prepare_database "$port" trademesh
}

# Creates the database if missing, with the services' roles and schemas (deploy/postgres/roles.sql).
# Tests call it for each system's own database. Needs the CREDENTIALS variables.
prepare_database() { # PORT DATABASE [HOST]
  local psql=("$(pg_bin)/psql" -h "${3:-127.0.0.1}" -p "$1" -U trademesh -v ON_ERROR_STOP=1 -qtA)
  if [ "$(PGPASSWORD=$TRADEMESH_PG_PASSWORD "${psql[@]}" -d postgres -c "select 1 from pg_database where datname = '$2'")" != 1 ]; then
    PGPASSWORD=$TRADEMESH_PG_PASSWORD "${psql[@]}" -d postgres -c "create database \"$2\""
  fi
  # One run per server at a time: the roles are server-wide, and roles.sql's advisory lock holds
  # within one database only (two test systems preparing theirs at once hit "tuple concurrently updated").
  (
    flock 8
    PGPASSWORD=$TRADEMESH_PG_PASSWORD "${psql[@]}" -d "$2" -v database="$2" -v ingestion_password="$TRADEMESH_PG_INGESTION_PASSWORD" \
      -v projections_password="$TRADEMESH_PG_PROJECTIONS_PASSWORD" -f "$REPO_ROOT/deploy/postgres/roles.sql" >/dev/null
  ) 8>"/tmp/trademesh-roles-${3:-127.0.0.1}-$1.lock"
}

stop_postgres() { # STATE_DIR
  if postgres_running "$1"; then
    log "stopping PostgreSQL ($(pg_data "$1"))"
    pg_ctl_as_postgres -D "$(pg_data "$1")" -m fast -w -t 60 stop >/dev/null
  fi
}

# As a crash would: no checkpoint, every connection cut (recovery on the next start).
crash_postgres() { pg_ctl_as_postgres -D "$(pg_data "$1")" -m immediate -w -t 60 stop >/dev/null; } # STATE_DIR

# --- RabbitMQ ----------------------------------------------------------------------------
# The Debian wrappers (rabbitmq-server, rabbitmqctl, rabbitmq-diagnostics) switch to the
# rabbitmq user with HOME=/var/lib/rabbitmq when run as root, so the node and the CLI read
# the same Erlang cookie (/var/lib/rabbitmq/.erlang.cookie); the environment passes through.
# Nodes are told apart by name; they share the one epmd, which like the distribution port
# listens on loopback only.

rabbitmq_node() { cat "$1/rabbitmq/nodename" 2>/dev/null; } # STATE_DIR

rabbitmq_running() { # STATE_DIR
  local node
  node=$(rabbitmq_node "$1") || return 1
  rabbitmq-diagnostics -q -n "$node" ping >/dev/null 2>&1
}

# A node's rabbitmq.conf (mode 0600: it holds the password). On a fresh node the administrator is
# trademesh with the generated password (there is no guest); the management UI is on loopback
# unless an address is given (a node in a host of cluster-lib.sh).
write_rabbitmq_conf() { # FILE MANAGEMENT_PORT [EXTRA_LINES] [MANAGEMENT_ADDRESS]
  ( umask 077; cat >"$1" <<EOF
management.tcp.ip = ${4:-127.0.0.1}
management.tcp.port = $2
default_vhost = /
default_user = trademesh
default_pass = $TRADEMESH_AMQP_PASSWORD
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
${3:-}
EOF
  )
}

start_rabbitmq() { # STATE_DIR PORT NODENAME [MANAGEMENT_PORT] [DIST_PORT]
  local state=$1 port=$2 node=$3 mgmt=${4:-$(($2 + 10000))} dist=${5:-$(($2 + 20000))} dir
  ensure_credentials "$state"
  dir=$(daemon_dir "$state" rabbitmq)
  mkdir -p "$dir/mnesia" "$dir/log"
  echo "$node" >"$dir/nodename"
  if rabbitmq_running "$state"; then
    log "RabbitMQ already running ($node)"
  else
    # The node stores only here.
    write_rabbitmq_conf "$dir/rabbitmq.conf" "$mgmt"
    # Shovel: an operator moves messages from trademesh.releases_error back to the queue (UI "Move messages").
    echo '[rabbitmq_management,rabbitmq_shovel,rabbitmq_shovel_management].' >"$dir/enabled_plugins"
    chown -R rabbitmq:rabbitmq "$dir"
    # An idle epmd left by an older set-up may listen on every interface: with no node registered
    # it is stopped, so the one this node starts listens on loopback.
    if command -v epmd >/dev/null && ! epmd -names 2>/dev/null | grep -q '^name '; then epmd -kill >/dev/null 2>&1 || true; fi
    log "starting RabbitMQ $node on 127.0.0.1:$port (management $mgmt, distribution $dist)"
    # setsid: its own session, so a ctrl-c in the calling terminal does not reach the node.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
      RABBITMQ_NODENAME=$node RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$port \
      RABBITMQ_DIST_PORT=$dist RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
      RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
      RABBITMQ_PID_FILE="$dir/rabbitmq.pid" \
      setsid rabbitmq-server </dev/null >"$dir/log/console.log" 2>&1 &
    local launcher=$! deadline=$((SECONDS + 90))
    # await_startup fails at once while the node is not registered yet, hence the loop.
    until rabbitmqctl -q -n "$node" await_startup --timeout 30 >/dev/null 2>&1; do
      if ! kill -0 "$launcher" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
        echo "RabbitMQ $node did not start; last lines of its logs:" >&2
        tail -n 20 "$dir/log/console.log" "$dir"/log/*.log >&2 || true
        return 1
      fi
      sleep 1
    done
  fi
  apply_rabbitmq_definitions "$mgmt"
}

# deploy/rabbitmq/definitions.json, the one description of users, permissions and topology
# (compose imports the same file), with the generated passwords; a repeated POST changes nothing.
apply_rabbitmq_definitions() { # MANAGEMENT_PORT [ADDRESS]
  # /usr/bin/python3: the Debian one, whatever else is on PATH.
  /usr/bin/python3 "$REPO_ROOT/deploy/rabbitmq/render_definitions.py" "$REPO_ROOT/deploy/rabbitmq/definitions.json" |
    curl -fsS -u "trademesh:$TRADEMESH_AMQP_PASSWORD" -H 'content-type: application/json' \
      -X POST "http://${2:-127.0.0.1}:$1/api/definitions" --data-binary @- >/dev/null
}

stop_rabbitmq() { # STATE_DIR
  local node pidfile="$1/rabbitmq/rabbitmq.pid"
  node=$(rabbitmq_node "$1") || return 0
  if rabbitmq_running "$1"; then
    log "stopping RabbitMQ $node"
    # With the pid file, `stop` returns only once the Erlang VM has exited.
    local args=()
    [ -f "$pidfile" ] && args=("$(realpath "$pidfile")")
    timeout 120 rabbitmqctl -q -n "$node" stop "${args[@]}" >/dev/null
  fi
  # epmd outlives the nodes; stop it once no node is registered (it refuses otherwise).
  if command -v epmd >/dev/null && ! epmd -names 2>/dev/null | grep -q '^name '; then
    epmd -kill >/dev/null 2>&1 || true
  fi
}

# --- background processes ----------------------------------------------------------------

# True when the pid file names a live process whose command line contains MATCH (guards
# against a pid reused by something else after a reboot).
pid_alive() { # FILE [MATCH]
  local pid
  pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ -z "${2:-}" ] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"
}

stop_pid_file() { # FILE [MATCH]
  local file=$1 pid i
  if pid_alive "$file" "${2:-}"; then
    pid=$(cat "$file")
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "pid $pid ($file) ignored SIGTERM for 20 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
}

# --- trace viewer ------------------------------------------------------------------------
# The Aspire Dashboard from NuGet (deploy/local/trace-viewer): an OTLP receiver with a trace UI
# and a query API (/api/telemetry/...). Loopback only and unsecured (no login token): anyone who
# can reach 127.0.0.1 on this machine may read the telemetry, as with the RabbitMQ UI.
trace_viewer_binary() {
  local project="$LOCAL_DIR/trace-viewer/TraceViewer.csproj" root
  dotnet restore "$project" -v q -nologo >/dev/null || return 1
  root=$(dotnet nuget locals global-packages --list | sed 's/^[^:]*: *//')
  echo "${root%/}/aspire.dashboard.sdk.linux-x64/13.6.5/tools/Aspire.Dashboard"
}

start_trace_viewer() { # STATE_DIR UI_PORT OTLP_GRPC_PORT OTLP_HTTP_PORT [OTLP_ADDRESS]
  local state=$1 pidfile="$1/trace-viewer.pid" otlp=${5:-127.0.0.1} bin
  if pid_alive "$pidfile" Aspire.Dashboard; then
    log "trace viewer already running (pid $(cat "$pidfile"))"
    return
  fi
  bin=$(trace_viewer_binary) && [ -x "$bin" ] || { echo "trace viewer not found: $bin" >&2; return 1; }
  mkdir -p "$state/logs"
  log "starting the trace viewer on http://127.0.0.1:$2 (OTLP gRPC $otlp:$3, HTTP $otlp:$4)"
  ASPNETCORE_URLS="http://127.0.0.1:$2" ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://$otlp:$3" \
    ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://$otlp:$4" \
    DASHBOARD__FRONTEND__AUTHMODE=Unsecured DASHBOARD__OTLP__AUTHMODE=Unsecured \
    DASHBOARD__API__ENABLED=true DASHBOARD__API__AUTHMODE=Unsecured \
    setsid nohup "$bin" </dev/null >>"$state/logs/trace-viewer.log" 2>&1 &
  echo $! >"$pidfile"
}

# One pipeline burst of the benchmark suite (bench-tracing, bench-cluster, bench-ceiling) against
# the system of STATE with its API key, on periods from YEAR; its "LABEL EVENTS/S" line is printed
# and appended to RESULTS. Extra VAR=VALUE arguments point the benchmark elsewhere.
bench_round() { # STATE LABEL YEAR RESULTS [VAR=VALUE...]
  local state=$1 label=$2 year=$3 results=$4
  shift 4
  env TRADEMESH_API_KEY="$(cat "$state/api-key")" "$@" \
    dotnet run --project "$REPO_ROOT/tests/TradeMesh.Benchmarks" -c Release --no-build -- \
    pipeline --state "$state" --label "$label" --base-year "$year" | tail -n 1 | tee -a "$results"
}
