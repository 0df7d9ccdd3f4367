# shellcheck shell=bash
# "Hosts" on one machine: each a network namespace with its own address, all joined by a bridge
# that lives in a namespace of its own (the "switch"), so none of it touches the machine's own
# interfaces. Source it after lib.sh. Used by up.sh --hosts (cluster-up.sh), down.sh and the Cluster tests.
#
# Only the machine's own namespace gets one leg into the switch (HOSTS_NET.1), to reach the hosts.
# The hosts have no default route: an address outside HOSTS_NET/24 is unreachable from them, so
# nothing they send can leave the machine. A partition is an nftables table in a host's namespace.
#
#   TRADEMESH_HOSTS_PREFIX  namespace and interface prefix (default tm; at most 5 characters)
#   TRADEMESH_HOSTS_NET     the first three octets of the /24 (default 10.231.0), unrouted here
# The hosts made are listed in STATE/hosts ("NAME ADDRESS" lines), which hosts_down reads; the
# prefix and network chosen at hosts_init are kept in STATE/hosts.conf and win over the variables.

HOSTS_PREFIX=${TRADEMESH_HOSTS_PREFIX:-tm}
HOSTS_NET=${TRADEMESH_HOSTS_NET:-10.231.0}
hosts_switch() { echo "$HOSTS_PREFIX-switch"; }
hosts_root_leg() { echo "${HOSTS_PREFIX}-r0"; }
host_ns() { echo "$HOSTS_PREFIX-$1"; } # NAME

# Takes the prefix and network a state folder's hosts were made with, if it has any.
hosts_load() { # STATE
  # shellcheck disable=SC1091
  [ -f "$1/hosts.conf" ] && source "$1/hosts.conf"
  return 0
}

# The switch: a namespace holding the bridge, and the machine's leg into it.
hosts_init() { # STATE
  local sw leg
  mkdir -p "$1"
  hosts_load "$1"
  printf 'HOSTS_PREFIX=%s\nHOSTS_NET=%s\n' "$HOSTS_PREFIX" "$HOSTS_NET" >"$1/hosts.conf"
  sw=$(hosts_switch)
  leg=$(hosts_root_leg)
  touch "$1/hosts"
  ip netns list | grep -qx "$sw\( .*\)\?" && return 0
  # The /24 must be ours alone: no route to it may exist before we make one.
  if ip route show | grep -q "^$HOSTS_NET\.0/24 "; then
    echo "$HOSTS_NET.0/24 is routed already: set TRADEMESH_HOSTS_NET to a free /24" >&2
    return 1
  fi
  log "making the switch $sw (bridge br0, the machine at $HOSTS_NET.1)"
  ip netns add "$sw"
  ip -n "$sw" link set lo up
  ip -n "$sw" link add br0 type bridge
  ip -n "$sw" link set br0 up
  ip link add "$leg" type veth peer name r0 netns "$sw"
  ip -n "$sw" link set r0 master br0 up
  ip addr add "$HOSTS_NET.1/24" dev "$leg"
  ip link set "$leg" up
}

host_addr() { awk -v n="$2" '$1 == n { print $2 }' "$1/hosts"; } # STATE NAME

# A new host, or the one made before under that name. Prints its address.
host_add() { # STATE NAME
  local state=$1 name=$2 ns sw index addr
  ns=$(host_ns "$name")
  sw=$(hosts_switch)
  addr=$(host_addr "$state" "$name")
  if [ -n "$addr" ] && ip netns list | grep -q "^$ns\( \|$\)"; then echo "$addr"; return 0; fi
  index=$(($(wc -l <"$state/hosts") + 10))
  [ -n "$addr" ] || addr="$HOSTS_NET.$index"
  [ "${addr##*.}" -lt 250 ] || { echo "too many hosts" >&2; return 1; }
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  # The host's leg (eth0 inside it) and its port on the bridge (h<last octet> in the switch).
  ip -n "$ns" link add eth0 type veth peer name "h${addr##*.}" netns "$sw"
  ip -n "$sw" link set "h${addr##*.}" master br0 up
  ip -n "$ns" addr add "$addr/24" dev eth0
  ip -n "$ns" link set eth0 up
  grep -q "^$name " "$state/hosts" || echo "$name $addr" >>"$state/hosts"
  echo "$addr"
}

host_run() { local ns; ns=$(host_ns "$1"); shift; ip netns exec "$ns" "$@"; } # NAME CMD...

# Fails unless ADDRESS is one of the hosts made here and the machine routes it through its own
# leg into the switch: checked before any test sends anything.
host_check_own() { # STATE ADDRESS
  local dev
  awk -v a="$2" '$2 == a { found = 1 } END { exit !found }' "$1/hosts" ||
    { echo "$2 is not one of the hosts in $1/hosts" >&2; return 1; }
  dev=$(ip -o route get "$2" | sed -n 's/.* dev \([^ ]*\).*/\1/p')
  [ "$dev" = "$(hosts_root_leg)" ] || { echo "$2 is routed through ${dev:-nothing}, not $(hosts_root_leg)" >&2; return 1; }
}

# Cuts NAME off from the OTHER hosts (both directions, every protocol), as a broken link would:
# packets are dropped, not refused.
host_partition() { # STATE NAME OTHER...
  local state=$1 name=$2 other addrs=()
  shift 2
  for other in "$@"; do addrs+=("$(host_addr "$state" "$other")"); done
  local set
  set=$(IFS=,; echo "${addrs[*]}")
  host_run "$name" nft -f - <<EOF
table inet partition
delete table inet partition
table inet partition {
  chain input { type filter hook input priority 0; ip saddr { $set } drop; }
  chain output { type filter hook output priority 0; ip daddr { $set } drop; }
}
EOF
}

host_heal() { host_run "$2" nft delete table inet partition 2>/dev/null || true; } # STATE NAME

# kill -9 of everything running in a host, as a power cut would.
host_kill() { # STATE NAME
  local pids
  pids=$(ip netns pids "$(host_ns "$2")" 2>/dev/null || true)
  [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
}

# Every process in every host, every host, the switch and the machine's leg: what hosts_init and
# host_add made, and nothing else.
hosts_down() { # STATE
  local state=$1 name _ ns
  hosts_load "$state"
  if [ -f "$state/hosts" ]; then
    while read -r name _; do
      ns=$(host_ns "$name")
      ip netns list | grep -q "^$ns\( \|$\)" || continue
      host_kill "$state" "$name"
      ip netns del "$ns"
    done <"$state/hosts"
  fi
  ip link del "$(hosts_root_leg)" 2>/dev/null || true
  ip netns del "$(hosts_switch)" 2>/dev/null || true
}
