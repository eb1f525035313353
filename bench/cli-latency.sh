#!/usr/bin/env bash
# Wall time of everyday CLI commands against two lab exits: `tunmux --help`, `tunmux status`,
# `tunmux get tunnels` and `tunmux get proxies`, each run N times (default 30), median and p90
# printed in milliseconds.
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
cleanup() {
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

# time_ms COMMAND...: one run's wall time in ms (output discarded)
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(((end - start) / 1000))
}

report() {
  local label=$1
  shift
  in_ns "$@" >/dev/null 2>&1 || true # one unmeasured run: page cache
  local samples=()
  for _ in $(seq "$runs"); do samples+=("$(time_ms nsenter --net="/run/netns/$ns" -- "$@")"); done
  printf '%s\n' "${samples[@]}" | sort -n | awk -v label="$label" '{ a[NR] = $1 } END {
    printf "%-22s median %6.1f ms   p90 %6.1f ms   (%d runs)\n", label, a[int((NR + 1) / 2)] / 1000, a[int(NR * 0.9 + 0.5)] / 1000, NR }'
}

echo "binary: $bin; load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
report "tunmux --help" "$bin" --help
report "tunmux status" "$bin" status
report "tunmux get tunnels" "$bin" get tunnels
report "tunmux get proxies" "$bin" get proxies
report "nsenter true (floor)" /bin/true
