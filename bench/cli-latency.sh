#!/usr/bin/env bash
# Wall time of everyday CLI commands against two lab exits: `tunmux --help`, `tunmux status`,
# `tunmux get tunnels` and `tunmux get proxies`, each run N times (default 30), median and p90
# printed in milliseconds, with the median CPU time (user + system) of the same runs: on a shared machine
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
  if [[ -n $daemon_pid ]]; then
    kill "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
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

# One run: "WALL_US CPU_US" (output discarded). Python times the child from fork to exit and
# reads its CPU time (user + system) from the kernel's rusage, so its own start is not counted.
time_us() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.perf_counter_ns()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = (time.perf_counter_ns() - start) // 1000
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1e6
print(wall, int(cpu))
PY
}

report() {
  local label=$1
  shift
  in_ns "$@" >/dev/null 2>&1 || true # one unmeasured run: page cache
  local samples=()
  for _ in $(seq "$runs"); do samples+=("$(time_us nsenter --net="/run/netns/$ns" -- "$@")"); done
  local wall cpu
  wall=$(printf '%s\n' "${samples[@]}" | cut -d' ' -f1 | sort -n | awk '{ a[NR] = $1 } END {
    printf "wall median %6.1f ms  p90 %6.1f ms", a[int((NR + 1) / 2)] / 1000, a[int(NR * 0.9 + 0.5)] / 1000 }')
  cpu=$(printf '%s\n' "${samples[@]}" | cut -d' ' -f2 | sort -n | awk '{ a[NR] = $1 } END {
    printf "cpu median %5.1f ms   (%d runs)", a[int((NR + 1) / 2)] / 1000, NR }')
  printf '%-32s %s   %s\n' "$label" "$wall" "$cpu"
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
# Started with nsenter itself (not through in_ns), so $! is the daemon's own PID for the cleanup.
nsenter --net="/run/netns/$ns" -- "$bin" daemon --socket "$TUNMUX_SOCKET" >"$state/daemon.log" 2>&1 </dev/null &
daemon_pid=$!
for _ in $(seq 600); do
  [[ -S $TUNMUX_SOCKET ]] && in_ns "$bin" status >/dev/null 2>&1 && break
  kill -0 "$daemon_pid" 2>/dev/null || { cat "$state/daemon.log" >&2; echo "the daemon exited" >&2; exit 1; }
  sleep 0.1
done
all_reports " (daemon)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
