#!/usr/bin/env bash
# Side-by-side proxy benchmark on loopback, in one run: direct (no proxy), socat and haproxy
# (plain TCP forwarders), microsocks and dante (SOCKS5), tinyproxy (HTTP CONNECT), and tunmux
# (SOCKS5 and HTTP CONNECT), all against one nginx serving a file from tmpfs and a small
# "return 200" page. Prints a markdown table with ratios against direct and writes it to
# bench/results/latest.md (latest-quick.md for --quick).
#
#   bench/proxy.sh [--quick] [--skip-build] [--only name,name,...]
#
# Needs root: it installs missing packages with apt-get, and runs everything inside a private
# network and mount namespace (its own loopback, its own tmpfs), so nothing it starts is
# reachable from, or collides with, anything else on the machine. Every process it starts is
# stopped by PID on exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

quick=0
skip_build=0
only=""
args=("$@")
while (($#)); do
  case "$1" in
    --quick) quick=1 ;;
    --skip-build) skip_build=1 ;;
    --only) only=${2:?--only needs a list}; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

build_dir=${TUNMUX_BENCH_BUILD:-${TMPDIR:-/tmp}/tunmux-bench-build}
# tunmux as it ships: the Native AOT executables (tunmux and the tunmux-proxy-worker it starts).
tunmux_bin=$build_dir/native/tunmux
bench_dll=$build_dir/bin/Tunmux.Bench/release/tunmux-bench.dll

# ---------------------------------------------------------------- outside: install, build, enter
if [[ "${TUNMUX_BENCH_INSIDE:-}" != 1 ]]; then
  bench_require_root bench/proxy.sh "apt-get, a private network namespace, a tmpfs mount"
  # No service starts: every server here runs in the foreground with its own config.
  bench_install_missing nginx-light socat microsocks dante-server tinyproxy haproxy curl iproute2 util-linux procps
  if ((!skip_build)) || [[ ! -x "$tunmux_bin" || ! -f "$bench_dll" ]]; then
    echo "building tunmux and the load tool (Release) into $build_dir" >&2
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    bash "$repo/scripts/publish.sh" "$build_dir/native" >&2
    bench_build "$build_dir" "$here/Tunmux.Bench"
  fi

  exec unshare --net --mount --propagation private env TUNMUX_BENCH_INSIDE=1 bash "$0" "${args[@]}"
fi

# ---------------------------------------------------------------- inside the private namespaces
ip link set lo up
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
# Per-namespace settings, so they touch nothing outside this run.
sysctl -qw net.core.somaxconn=16384
sysctl -qw net.ipv4.tcp_max_syn_backlog=16384
sysctl -qw net.ipv4.ip_local_port_range="20000 60999"
sysctl -qw net.ipv4.tcp_tw_reuse=1
# 10,000 held connections through a proxy: client, proxy and origin each need descriptors, the
# proxy two per connection. Raising the hard limit needs CAP_SYS_RESOURCE, which containers often
# lack; then the hold count shrinks to what one process can relay within the limit.
ulimit -Hn 1048576 2>/dev/null || true
ulimit -n "$(ulimit -Hn)"
nofile=$(ulimit -n)

if ((quick)); then
  big_mib=256 rounds=2 warmup_seconds=1 rate_seconds=2 latency_seconds=1 hold=1000 result_file=$here/results/latest-quick.md
else
  big_mib=2048 rounds=3 warmup_seconds=3 rate_seconds=4 latency_seconds=2 hold=10000 result_file=$here/results/latest.md
fi
hold_note=""
# A relaying proxy needs two descriptors per connection plus its own (haproxy also counts pipes).
if ((hold > (nofile - 700) / 2)); then
  hold_note="held connections capped at $(((nofile - 700) / 2)) by RLIMIT_NOFILE $nofile, whose hard limit could not be raised"
  hold=$(((nofile - 700) / 2))
  echo "note: $hold_note" >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tunmux-bench.XXXXXX")
chmod 755 "$work"
started_pids=()

descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    descendants "$child"
    echo "$child"
  done
}

# Stops one server we started and whatever it forked, by PID: TERM, then KILL after 10 s.
stop_server() {
  local pid=$1 victims
  victims=("$pid" $(descendants "$pid"))
  kill -TERM "${victims[@]}" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "${victims[@]}" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "${victims[@]}" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local kept=() started
  for started in "${started_pids[@]}"; do
    [[ "$started" != "$pid" ]] && kept+=("$started")
  done
  started_pids=("${kept[@]}")
}

cleanup() {
  local pid
  for pid in "${started_pids[@]}"; do
    kill -0 "$pid" 2>/dev/null && stop_server "$pid"
  done
  mountpoint -q "$work/www" && umount "$work/www"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts a server in the background; its PID lands in $server_pid.
start_server() {
  local name=$1
  shift
  "$@" >"$work/$name.log" 2>&1 &
  server_pid=$!
  started_pids+=("$server_pid")
}

wait_for_port() {
  local port=$1 name=$2
  for _ in $(seq 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.05
  done
  echo "$name did not listen on port $port; its log:" >&2
  cat "$work/$name.log" >&2 || true
  return 1
}

origin_port=18080
mkdir -p "$work/www" "$work/nginx-temp"
mount -t tmpfs -o size=$((big_mib + 16))m,mode=755 tmpfs "$work/www"
dd if=/dev/zero of="$work/www/big" bs=1M count="$big_mib" status=none
chmod 644 "$work/www/big"

cat >"$work/nginx.conf" <<EOF
worker_processes 1;
worker_rlimit_nofile $nofile;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections $((nofile - 100)); }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 600s;
  keepalive_requests 1000000;
  client_header_timeout 600s;
  client_body_temp_path $work/nginx-temp/body;
  proxy_temp_path $work/nginx-temp/proxy;
  fastcgi_temp_path $work/nginx-temp/fastcgi;
  uwsgi_temp_path $work/nginx-temp/uwsgi;
  scgi_temp_path $work/nginx-temp/scgi;
  server {
    listen 127.0.0.1:$origin_port backlog=16384;
    root $work/www;
    location = /small { default_type text/plain; return 200 "ok\n"; }
  }
}
EOF
start_server nginx nginx -p "$work" -c "$work/nginx.conf"
origin_pid=$server_pid
wait_for_port "$origin_port" nginx

cat >"$work/haproxy.cfg" <<EOF
global
  maxconn $((hold + 50))
  maxpipes 200
defaults
  mode tcp
  timeout connect 5s
  timeout client 600s
  timeout server 600s
  option splice-auto
frontend bench
  bind 127.0.0.1:18102
  default_backend origin
backend origin
  server nginx 127.0.0.1:$origin_port
EOF

cat >"$work/danted.conf" <<EOF
logoutput: $work/danted.log
internal: 127.0.0.1 port = 18104
external: 127.0.0.1
clientmethod: none
socksmethod: none
user.privileged: root
user.unprivileged: nobody
client pass {
  from: 127.0.0.0/8 to: 0.0.0.0/0
  log: error
}
socks pass {
  from: 127.0.0.0/8 to: 0.0.0.0/0
  command: connect
  log: error
}
EOF

touch "$work/tinyproxy.log" && chmod 666 "$work/tinyproxy.log"
cat >"$work/tinyproxy.conf" <<EOF
User nobody
Group nogroup
Port 18105
Listen 127.0.0.1
Timeout 600
MaxClients 12000
Allow 127.0.0.1
ConnectPort $origin_port
DisableViaHeader Yes
LogFile "$work/tinyproxy.log"
LogLevel Error
EOF

results=$work/results.jsonl
: >"$results"

wanted() { [[ -z "$only" || ",$only," == *",$1,"* ]]; }

# Targets, in table order: name, how the client speaks to it, port, PID ("-" for none), run options.
names=() vias=() ports=() pids=() extras=()
add_target() {
  names+=("$1") vias+=("$2") ports+=("$3") pids+=("$4") extras+=("${5:-}")
}

# serve NAME VIA PORT [--skip-hold REASON] -- COMMAND...
serve() {
  local name=$1 via=$2 port=$3 extra=""
  shift 3
  if [[ "$1" == --skip-hold ]]; then
    extra=$2
    shift 2
  fi
  shift # --
  wanted "$name" || return 0
  start_server "$name" "$@"
  add_target "$name" "$via" "$port" "$server_pid" "$extra"
  wait_for_port "$port" "$name"
}


# Starts every wanted target afresh (the direct row has no server of its own).
start_targets() {
  names=() vias=() ports=() pids=() extras=()
  wanted direct && add_target direct direct "$origin_port" -
  serve socat direct 18101 --skip-hold "one process per connection" -- \
    socat TCP-LISTEN:18101,bind=127.0.0.1,reuseaddr,fork,backlog=16384 "TCP:127.0.0.1:$origin_port"
  serve haproxy direct 18102 -- haproxy -db -f "$work/haproxy.cfg"
  serve microsocks socks5 18103 -- microsocks -i 127.0.0.1 -p 18103
  serve dante socks5 18104 -- danted -f "$work/danted.conf" -p "$work/danted.pid"
  serve tinyproxy httpconnect 18105 -- tinyproxy -d -c "$work/tinyproxy.conf"
  # The tunmux binary as a user runs it (it replaces itself with the small tunmux-proxy-worker
  # executable, with the proxy runtime settings); one process per row so each row's memory is its own.
  serve tunmux-socks5 socks5 18106 -- "$tunmux_bin" proxy serve --socks 127.0.0.1:18106 --http 127.0.0.1:18107
  serve tunmux-http httpconnect 18109 -- "$tunmux_bin" proxy serve --socks 127.0.0.1:18108 --http 127.0.0.1:18109
  sleep 2 # let every server settle before its idle memory is read
}

stop_targets() {
  local pid
  for pid in "${pids[@]}"; do
    [[ "$pid" != - ]] && stop_server "$pid"
  done
}

# measure INDEX ROUND TESTS
measure() {
  local i=$1 round=$2 tests=$3 options=()
  [[ "${pids[i]}" != - ]] && options+=(--pid "${pids[i]}")
  [[ "${names[i]}" == direct ]] && options+=(--baseline)
  [[ -n "${extras[i]}" ]] && options+=(--skip-hold "${extras[i]}")
  dotnet "$bench_dll" run --name "${names[i]}" --via "${vias[i]}" --entry "127.0.0.1:${ports[i]}" \
    --origin "127.0.0.1:$origin_port" --round "$round" --tests "$tests" \
    --big-bytes $((big_mib << 20)) --warmup-seconds "$warmup_seconds" --rate-seconds "$rate_seconds" \
    --latency-seconds "$latency_seconds" --hold "$hold" --origin-pid "$origin_pid" --out "$results" "${options[@]}" ||
    echo "${names[i]}: the load tool failed" >&2
}

# Phase 1, fresh servers: idle memory, then the held connections on top of it, so the memory
# each held connection costs is not hidden in heap that earlier load had already grown.
start_targets
for i in "${!names[@]}"; do
  measure "$i" 1 idle,hold
done
stop_targets

# Phase 2, fresh servers again: warm-up, then interleaved rounds, so a burst of outside load
# hurts every target a little rather than one a lot.
start_targets
for i in "${!names[@]}"; do
  measure "$i" 1 warmup
done
for round in $(seq "$rounds"); do
  for i in "${!names[@]}"; do
    measure "$i" "$round" bulk,latency,rate
  done
done
stop_targets

mkdir -p "$(dirname "$result_file")"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mode=$( ((quick)) && echo "quick: ${big_mib} MiB download, ${hold} held" || echo "full: ${big_mib} MiB download, ${hold} held")
note="Run $(date -u +%Y-%m-%dT%H:%MZ), $mode${hold_note:+ ($hold_note)}; $(nproc) cores ($cpu), kernel $(uname -r); client, nginx and proxy share the cores; loopback in a private network namespace; load average $load_at_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (the machine's, others included)."
dotnet "$bench_dll" table --in "$results" --out "$result_file" --note "$note"
