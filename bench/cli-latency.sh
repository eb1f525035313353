#!/usr/bin/env bash
# Wall time of everyday CLI commands against two lab exits: `tunmux --help`, `tunmux status`,
# `tunmux get tunnels` and `tunmux get proxies`, each run N times (default 30), median and p90
# printed in milliseconds, with the CPU time (user + system) of the same runs: on a shared machine
# the wall time includes waiting for a core, the CPU time does not. Measured twice: with no daemon
# (the command reads the state itself) and with `tunmux daemon` running (it asks the daemon).
#
#   bench/cli-latency.sh [TUNMUX_BINARY] [N]
#
# Needs root. Everything runs inside a network namespace this script creates (it plays the
# host), with its own state dir and name prefixes; all of it is removed by name on exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
bin=$(readlink -f "${1:-$repo/artifacts/native/tunmux}")
runs=${2:-30}
id=$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')
ns="tmxcl$id"
state=$(mktemp -d "${TMPDIR:-/tmp}/tunmux-cli-$id.XXXX")
export TUNMUX_STATE_DIR=$state TUNMUX_RUN_DIR=$state/run TUNMUX_NETNS_PREFIX="tcl${id}_" TUNMUX_IF_PREFIX="c$id" \
  TUNMUX_LAB_PREFIX="tcm${id}_" TUNMUX_LAB_IF_PREFIX="m$id" TUNMUX_SOCKET=$state/ctl.sock

in_ns() { nsenter --net="/run/netns/$ns" -- "$@"; }
daemon_pid=""
cleanup() {
  [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  in_ns "$bin" delete --all >/dev/null 2>&1 || true
  in_ns "$bin" lab down >/dev/null 2>&1 || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT

ip netns add "$ns"
ip -n "$ns" link set lo up
in_ns "$bin" lab up --exits 2 >/dev/null
in_ns "$bin" apply -f "$state/lab/lab.yaml" >/dev/null

# One run: "WALL_US CPU_US" (output discarded). The CPU time is what bash's `times` reports for
# the subshell's children (user + system, millisecond resolution).
time_us() {
  local start end cpu
  start=$(date +%s%N)
  cpu=$("$@" >/dev/null 2>&1; times | tail -1)
  end=$(date +%s%N)
  echo "$(((end - start) / 1000)) $(awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000000 }' <<<"$cpu")"
}

report() {
  local label=$1
  shift
  in_ns "$@" >/dev/null 2>&1 || true # one unmeasured run: page cache
  local samples=()
  for _ in $(seq "$runs"); do samples+=("$(time_us nsenter --net="/run/netns/$ns" -- "$@")"); done
  printf '%s\n' "${samples[@]}" | awk -v label="$label" '
    { wall[NR] = $1; cpu[NR] = $2 }
    END {
      n = asort(wall); asort(cpu)
      printf "%-32s wall median %6.1f ms  p90 %6.1f ms   cpu median %5.1f ms   (%d runs)\n", label,
        wall[int((n + 1) / 2)] / 1000, wall[int(n * 0.9 + 0.5)] / 1000, cpu[int((n + 1) / 2)] / 1000, n }'
}

all_reports() {
  local suffix=$1
  report "tunmux --help" "$bin" --help
  report "tunmux status$suffix" "$bin" status
  report "tunmux get tunnels$suffix" "$bin" get tunnels
  report "tunmux get proxies$suffix" "$bin" get proxies
}

echo "binary: $bin; load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
all_reports ""
report "nsenter true (floor)" /bin/true

# The same with the daemon answering (it adopts the two running exits from the state dir).
in_ns "$bin" daemon --socket "$TUNMUX_SOCKET" >"$state/daemon.log" 2>&1 </dev/null &
daemon_pid=$!
for _ in $(seq 600); do
  [[ -S $TUNMUX_SOCKET ]] && in_ns "$bin" status >/dev/null 2>&1 && break
  kill -0 "$daemon_pid" 2>/dev/null || { cat "$state/daemon.log" >&2; echo "the daemon exited" >&2; exit 1; }
  sleep 0.1
done
all_reports " (daemon)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
