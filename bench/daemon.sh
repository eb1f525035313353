#!/usr/bin/env bash
# Daemon benchmark (issues #4, #9): with the lab's N exits (default 50), inside a sandbox namespace
# that plays "the host", it measures
#   1. seconds from `tunmux apply` to every exit Ready and answering through its SOCKS proxy,
#      starting from an empty host with `tunmux daemon` running;
#   2. the daemon's CPU per no-op resync pass (window A, resync every --resync seconds, against
#      window B, no resync: drift from kernel events only);
#   3. the idle daemon's CPU as deployed (window D: default settings, resync every 30 s);
#   4. how fast a proxy worker killed with SIGKILL answers again (the pidfd event, then a pass);
#   5. the daemon's RSS idle with N exits, plus the proxy workers' and wireguard-go's.
# Prints a markdown table and writes it to bench/daemon/results-latest.md (or --out FILE).
#
#   bench/daemon.sh [--exits N] [--window SECONDS] [--resync SECONDS] [--warmup SECONDS]
#                   [--workers N] [--ready-only] [--skip-build] [--out FILE]
# Defaults: 50 exits, 60 s windows (window D at least 120 s, four default resyncs), resync 5 s
# in window A, 30 s warm-up after each daemon restart (the .NET tiered JIT recompiles hot
# methods during the first seconds, which would count as pass cost). --workers N is passed to the
# daemon (keys reconciled at once; default: the daemon's). --ready-only measures step 1 only.
#
# Needs root. Nothing is added to the machine's own namespace: the lab, the daemon and every
# exit live in (or under) a namespace this script creates, with name prefixes unique to this
# run. Everything is removed by name and PID on exit, even after a failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

exits=50
window=60
resync=5
warmup=30
skip_build=0
workers=""
ready_only=0
out=$here/daemon/results-latest.md
while (($#)); do
  case "$1" in
    --exits) exits=${2:?--exits needs a number}; shift ;;
    --window) window=${2:?--window needs seconds}; shift ;;
    --resync) resync=${2:?--resync needs seconds}; shift ;;
    --warmup) warmup=${2:?--warmup needs seconds}; shift ;;
    --skip-build) skip_build=1 ;;
    --workers) workers=${2:?--workers needs a number}; shift ;;
    --ready-only) ready_only=1 ;;
    --out) out=${2:?--out needs a file}; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
[[ "$exits" =~ ^[0-9]+$ ]] && ((exits >= 1 && exits <= 254)) || { echo "--exits must be 1..254" >&2; exit 2; }
[[ "$window" =~ ^[0-9]+$ ]] && ((window >= 10)) || { echo "--window must be at least 10 seconds" >&2; exit 2; }
[[ "$resync" =~ ^[0-9]+$ ]] && ((resync >= 1)) || { echo "--resync must be whole seconds" >&2; exit 2; }
[[ "$warmup" =~ ^[0-9]+$ ]] || { echo "--warmup must be whole seconds" >&2; exit 2; }

bench_require_root bench/daemon.sh "network namespaces, wireguard-go"
bench_install_missing jq curl iproute2 util-linux procps wireguard-go wireguard-tools dnsmasq
build_dir=${TUNMUX_DAEMON_BENCH_BUILD:-/tmp/daemon-bench-build}
tunmux_bin=$build_dir/bin/Tunmux.Cli/release/tunmux
if ((!skip_build)) || [[ ! -x "$tunmux_bin" ]]; then
  bench_build "$build_dir" "$repo/src/Tunmux.Cli"
fi

# ---------------------------------------------------------------- names, folders, cleanup
id=$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')
sandbox=tmxbench$id
while ip netns list | awk -v name="$sandbox" '$1 == name { found = 1 } END { exit !found }'; do
  id=$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')
  sandbox=tmxbench$id
done
work=$(mktemp -d /tmp/tunmux-daemon-bench.XXXXXX)
chmod 755 "$work"

export TUNMUX_STATE_DIR=$work
export TUNMUX_RUN_DIR=$work/run
export TUNMUX_NETNS_PREFIX=b${id}_
export TUNMUX_IF_PREFIX=b$id
export TUNMUX_LAB_PREFIX=bl${id}_
export TUNMUX_LAB_IF_PREFIX=bl$id
export TUNMUX_SOCKET=$work/ctl.sock
export DOTNET_CLI_TELEMETRY_OPTOUT=1

clk_tck=$(getconf CLK_TCK)
daemon_pid=""
stamper_pid=""
daemon_log=""
sandbox_made=0

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
now() { date +%s.%N; }
# awk for the arithmetic: bash has no floating point.
calc() { awk "BEGIN { printf \"%s\", ($*) }" </dev/null; }

tunmux() { nsenter --net="/run/netns/$sandbox" -- "$tunmux_bin" "$@"; }
in_sandbox() { nsenter --net="/run/netns/$sandbox" -- "$@"; }

own_namespaces() {
  ip netns list | awk '{print $1}' | grep -E "^(${TUNMUX_NETNS_PREFIX}|${TUNMUX_LAB_PREFIX})" || true
}

stop_pid() {
  local pid=$1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 600); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_daemon() {
  stop_pid "$daemon_pid"
  daemon_pid=""
  # The time stamper ends with the daemon's output (end of file on the fifo).
  stop_pid "$stamper_pid"
  stamper_pid=""
}

cleanup() {
  local status=$?
  # A second Ctrl-C must not cut the cleanup short and strand namespaces and processes.
  trap '' INT TERM
  trap - EXIT
  set +e
  if ((sandbox_made)); then
    log "cleaning up $sandbox"
    if ((status != 0)) && [[ -d "$work" ]]; then
      local keep=/tmp/tunmux-daemon-bench-failure-$id
      mkdir -p "$keep" && cp -r "$work"/*.log "$work/run" "$keep"/ 2>/dev/null
      log "logs kept in $keep"
    fi
    # Through the daemon when it runs (it owns the host), otherwise in-process.
    timeout 300 tunmux delete --all >/dev/null 2>&1
    stop_daemon
    timeout 300 tunmux lab down >/dev/null 2>&1
    local ns pid
    for ns in $(own_namespaces) "$sandbox"; do
      for pid in $(ip netns pids "$ns" 2>/dev/null); do
        kill -KILL "$pid" 2>/dev/null
      done
      ip netns del "$ns" 2>/dev/null
      [[ -n "$ns" && -d "/etc/netns/$ns" ]] && rm -rf "/etc/netns/$ns"
    done
    rm -f /var/run/wireguard/"${TUNMUX_IF_PREFIX}"lab-*.sock /var/run/wireguard/"${TUNMUX_LAB_IF_PREFIX}"*.sock
  fi
  stop_daemon
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- measuring helpers
# utime stime cutime cstime of one process, in clock ticks (fields 14-17 of /proc/PID/stat;
# the command name in field 2 may hold spaces, so count from the last ')').
cpu_ticks() {
  local stat
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) }
  local -a f
  read -r -a f <<<"$stat"
  echo "${f[11]} ${f[12]} ${f[13]} ${f[14]}"
}

# utime+stime summed over PIDs, in ticks (a PID that is gone counts 0).
sum_ticks() {
  local total=0 pid stat
  for pid in "$@"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    local -a f
    read -r -a f <<<"$stat"
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}

# A field of /proc/PID/status or smaps_rollup in kB, summed over PIDs.
sum_kb() {
  local file=$1 key=$2 total=0 pid value
  shift 2
  for pid in "$@"; do
    value=$(awk -v k="$key:" '$1 == k { print $2 }' "/proc/$pid/$file" 2>/dev/null || true)
    total=$((total + ${value:-0}))
  done
  echo "$total"
}

metric() {
  in_sandbox curl -s --max-time 5 http://127.0.0.1:9477/metrics | awk -v m="$1" '$1 == m { print $2 }'
}

# Starts `tunmux daemon` in the sandbox with its output time-stamped into a log file.
start_daemon() {
  local label=$1
  shift
  daemon_log=$work/daemon-$label.log
  local fifo=$work/daemon-$label.fifo
  mkfifo "$fifo"
  perl -MTime::HiRes=time -e '$| = 1; while (<STDIN>) { printf "%.3f %s", time, $_ }' <"$fifo" >"$daemon_log" &
  stamper_pid=$!
  nsenter --net="/run/netns/$sandbox" -- "$tunmux_bin" daemon --socket "$TUNMUX_SOCKET" --metrics 127.0.0.1:9477 "$@" >"$fifo" 2>&1 </dev/null &
  daemon_pid=$!
  daemon_started_at=$(now)
  local deadline=$((SECONDS + 600))
  until grep -q "; ready" "$daemon_log" 2>/dev/null; do
    if ! kill -0 "$daemon_pid" 2>/dev/null; then
      cat "$daemon_log" >&2
      echo "the daemon exited before it was ready" >&2
      exit 1
    fi
    ((SECONDS < deadline)) || { echo "the daemon was not ready within 600 s" >&2; exit 1; }
    sleep 0.1
  done
  [[ "$(cat "/proc/$daemon_pid/comm")" == tunmux ]] || { echo "pid $daemon_pid is not the daemon" >&2; exit 1; }
  daemon_ready_at=$(awk '/; ready/ { print $1; exit }' "$daemon_log")
}

# Log lines (after a time stamp) matching a pattern, within [from, to].
log_lines_between() {
  awk -v from="$2" -v to="$3" -v pattern="$4" '$1 >= from && $1 <= to && $0 ~ pattern' "$1"
}

# One measuring window of $window seconds: the daemon's own and its children's CPU, the
# reconciles it ran (from its metrics), and the CPU of the exits' processes alongside.
declare -A W
measure_window() {
  local label=$1
  local -a t0 t1
  local wall0 wall1 count0 count1 sum0 sum1 wg0 wg1 workers0 workers1
  count0=$(metric tunmux_reconcile_duration_seconds_count)
  sum0=$(metric tunmux_reconcile_duration_seconds_sum)
  wg0=$(sum_ticks "${wireguard_pids[@]}")
  workers0=$(sum_ticks "${worker_pids[@]}")
  read -r -a t0 <<<"$(cpu_ticks "$daemon_pid")"
  wall0=$(now)
  sleep "$window"
  read -r -a t1 <<<"$(cpu_ticks "$daemon_pid")"
  wall1=$(now)
  workers1=$(sum_ticks "${worker_pids[@]}")
  wg1=$(sum_ticks "${wireguard_pids[@]}")
  count1=$(metric tunmux_reconcile_duration_seconds_count)
  sum1=$(metric tunmux_reconcile_duration_seconds_sum)
  W[$label.seconds]=$(calc "$wall1 - $wall0")
  W[$label.self_ms]=$(calc "(${t1[0]} + ${t1[1]} - ${t0[0]} - ${t0[1]}) * 1000 / $clk_tck")
  W[$label.user_ms]=$(calc "(${t1[0]} - ${t0[0]}) * 1000 / $clk_tck")
  W[$label.sys_ms]=$(calc "(${t1[1]} - ${t0[1]}) * 1000 / $clk_tck")
  W[$label.children_ms]=$(calc "(${t1[2]} + ${t1[3]} - ${t0[2]} - ${t0[3]}) * 1000 / $clk_tck")
  W[$label.reconciles]=$((${count1%.*} - ${count0%.*}))
  W[$label.reconcile_seconds]=$(calc "$sum1 - $sum0")
  W[$label.wireguard_ms]=$(calc "($wg1 - $wg0) * 1000 / $clk_tck")
  W[$label.workers_ms]=$(calc "($workers1 - $workers0) * 1000 / $clk_tck")
  W[$label.changes]=$(log_lines_between "$daemon_log" "$wall0" "$wall1" 'reconciling ' | wc -l)
  W[$label.warnings]=$(log_lines_between "$daemon_log" "$wall0" "$wall1" ' (WRN|ERR|FTL) ' | wc -l)
  log "window $label: ${W[$label.seconds]} s, daemon ${W[$label.self_ms]} ms (user ${W[$label.user_ms]}, sys ${W[$label.sys_ms]}), children ${W[$label.children_ms]} ms, ${W[$label.reconciles]} key reconciles, ${W[$label.changes]} with changes, ${W[$label.warnings]} warnings"
}

# Waits until the daemon has reconciled at least $1 more keys than now (a full pass went by).
wait_for_reconciles() {
  local want=$1 start count deadline=$((SECONDS + 600))
  start=$(metric tunmux_reconcile_duration_seconds_count)
  start=${start%.*}
  while :; do
    count=$(metric tunmux_reconcile_duration_seconds_count)
    count=${count%.*}
    ((count - start >= want)) && return 0
    ((SECONDS < deadline)) || { echo "the daemon did not reconcile $want keys within 600 s" >&2; exit 1; }
    sleep 1
  done
}

# ---------------------------------------------------------------- the sandbox and the lab
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "sandbox $sandbox, prefixes b${id}_ / bl${id}_, state in $work, load average $load_before"
ip netns add "$sandbox"
sandbox_made=1
ip -n "$sandbox" link set lo up

log "lab up with $exits exits"
lab_start=$(now)
tunmux lab up --exits "$exits" >"$work/lab-up.log" 2>&1 || { cat "$work/lab-up.log" >&2; exit 1; }
lab_seconds=$(calc "$(now) - $lab_start")
manifest=$work/lab/lab.yaml
keys=$((exits + 1)) # one key per tunnel, plus the host key (orphan namespaces)

# ---------------------------------------------------------------- 1. from empty to N Ready
workers_flag=()
[[ -n "$workers" ]] && workers_flag=(--workers "$workers")
start_daemon build --resync "${resync}s" "${workers_flag[@]}"
log "daemon ready (pid $daemon_pid); applying $manifest"

read -r -a build_cpu0 <<<"$(cpu_ticks "$daemon_pid")"
load_at_apply=$(cut -d' ' -f1-3 /proc/loadavg)
apply_start=$(now)
apply_status=0
tunmux apply -f "$manifest" >"$work/apply.log" 2>&1 || apply_status=$?
apply_done=$(now)
log "apply returned $apply_status after $(calc "$apply_done - $apply_start") s: $(tail -n 1 "$work/apply.log")"
if ((apply_status != 0)); then
  # The daemon retries what failed (backoff, then every resync); Ready then takes longer, and the table says why.
  grep -i 'failed' "$work/apply.log" >&2 || true
fi

# Every proxy must answer through its own exit (198.18.N.2), and tunmux must report every tunnel Ready.
mkdir -p "$work/curl"
pending=$(seq "$exits")
ready_deadline=$((SECONDS + 900))
rounds=0
while :; do
  rounds=$((rounds + 1))
  round_start=$(now)
  curl_pids=()
  for exit in $pending; do
    in_sandbox curl -s --max-time 5 --socks5-hostname "127.0.0.1:$((1079 + exit))" http://whoami.lab/ >"$work/curl/$exit" 2>/dev/null &
    curl_pids+=($!)
  done
  for pid in "${curl_pids[@]}"; do wait "$pid" || true; done
  still=""
  for exit in $pending; do
    answer=$(tr -d '[:space:]' <"$work/curl/$exit")
    if [[ -n "$answer" && "$answer" != "198.18.$exit.2" ]]; then
      echo "proxy lab-$exit answered $answer, not 198.18.$exit.2: its traffic left outside its exit" >&2
      exit 1
    fi
    [[ "$answer" == "198.18.$exit.2" ]] || still+=" $exit"
  done
  pending=$still
  ((rounds == 1)) && first_round_seconds=$(calc "$(now) - $round_start")
  if [[ -z "$pending" ]]; then
    answered_at=$(now)
    not_ready=$(tunmux get tunnels -o json | jq '[(.items // [.])[] | select(.status.ready != true)] | length')
    ((not_ready == 0)) && break
  fi
  ((SECONDS < ready_deadline)) || { echo "not every exit was Ready within 900 s; still failing:$pending" >&2; exit 1; }
  sleep 0.2
done
ready_seconds=$(calc "$answered_at - $apply_start")
load_at_ready=$(cut -d' ' -f1-3 /proc/loadavg)
read -r -a build_cpu1 <<<"$(cpu_ticks "$daemon_pid")"
log "all $exits exits answer through their proxy and are Ready after $ready_seconds s ($rounds rounds of curl, the first took $first_round_seconds s); load average $load_at_apply at the apply, $load_at_ready at Ready"

# awk reads to the end: `head` would close the pipe early, which pipefail turns into an exit.
first_tunnel=$(log_lines_between "$daemon_log" "$apply_start" "$apply_done" 'Tunnel .* built' | awk 'NR == 1 { print $1 }')
last_tunnel=$(log_lines_between "$daemon_log" "$apply_start" "$apply_done" 'Tunnel .* built' | awk 'END { print $1 }')
last_proxy=$(log_lines_between "$daemon_log" "$apply_start" "$apply_done" 'Proxy .* listening' | awk 'END { print $1 }')
built_tunnels=$(log_lines_between "$daemon_log" "$apply_start" "$apply_done" 'Tunnel .* built' | wc -l)
built_proxies=$(log_lines_between "$daemon_log" "$apply_start" "$apply_done" 'Proxy .* listening' | wc -l)
if ((apply_status == 0 && (built_tunnels != exits || built_proxies != exits))); then
  echo "the daemon log shows $built_tunnels tunnels and $built_proxies proxies built during the apply, not $exits" >&2
  exit 1
fi
apply_failures=$(log_lines_between "$daemon_log" "$apply_start" "$answered_at" ' WRN .*(failed|retrying)' | cut -d' ' -f2- | cut -c1-400)
to_first_tunnel=$(calc "$first_tunnel - $apply_start")
# Keys are built side by side (the daemon's workers), so these are moments, not durations per exit.
last_tunnel_s=$(calc "$last_tunnel - $apply_start")
last_proxy_s=$(calc "$last_proxy - $apply_start")
build_self_s=$(calc "(${build_cpu1[0]} + ${build_cpu1[1]} - ${build_cpu0[0]} - ${build_cpu0[1]}) / $clk_tck")
build_children_s=$(calc "(${build_cpu1[2]} + ${build_cpu1[3]} - ${build_cpu0[2]} - ${build_cpu0[3]}) / $clk_tck")

# The processes each exit runs, from tunmux's own view (proxy workers) and records (wireguard-go).
mapfile -t worker_pids < <(tunmux get proxies -o json | jq -r '(.items // [.])[] | "\(.metadata.name | ltrimstr("lab-")) \(.status.pid)"' | sort -n | cut -d' ' -f2)
mapfile -t wireguard_pids < <(jq -r '.wireGuardProcess.pid // empty' "$work"/records/tunnels/*.json)
((${#worker_pids[@]} == exits && ${#wireguard_pids[@]} == exits)) || { echo "found ${#worker_pids[@]} workers and ${#wireguard_pids[@]} wireguard-go, not $exits" >&2; exit 1; }
for pid in "${worker_pids[@]}"; do [[ "$(cat "/proc/$pid/comm")" == tunmux* ]] || { echo "worker pid $pid is not tunmux" >&2; exit 1; }; done
for pid in "${wireguard_pids[@]}"; do [[ "$(cat "/proc/$pid/comm")" == wireguard-go ]] || { echo "pid $pid is not wireguard-go" >&2; exit 1; }; done

# Every thread of every worker must be in its exit's namespace: a thread in the host namespace
# would open outbound connections there, outside the tunnel (threads inherit the namespace of
# the thread that starts them).
stray_worker_threads() {
  local stray=0 exit pid inode task
  for exit in $(seq "$exits"); do
    pid=${worker_pids[$((exit - 1))]}
    inode="net:[$(stat -L -c %i "/run/netns/${TUNMUX_NETNS_PREFIX}lab-$exit")]"
    for task in /proc/"$pid"/task/*; do
      [[ "$(readlink "$task/ns/net" 2>/dev/null || echo "$inode")" == "$inode" ]] || stray=$((stray + 1))
    done
  done
  echo "$stray"
}

# ---------------------------------------------------------------- 2. CPU per no-op pass, idle
# Let the passes that follow the apply go by, then measure with everything Ready.
log "settling: waiting for two full passes"
wait_for_reconciles $((2 * keys))
stray_after_build=$(stray_worker_threads)
((stray_after_build == 0)) || { echo "$stray_after_build proxy worker threads are outside their exit's namespace" >&2; exit 1; }
if ((ready_only)); then
  mkdir -p "$(dirname "$out")"
  cat <<EOF | tee "$out"
Daemon benchmark (--ready-only), $(date -u '+%Y-%m-%d %H:%M UTC'): $exits lab exits, $(nproc) cores, daemon workers ${workers:-default}.

| figure | value |
| --- | --- |
| **$exits exits Ready from empty** | **$(calc "sprintf(\"%.1f\", $ready_seconds)") s** (load average $load_at_apply at the apply, $load_at_ready at Ready) |
| apply command returned after (exit code) | $(calc "sprintf(\"%.1f\", $apply_done - $apply_start)") s ($apply_status) |
| apply start until the first tunnel / the last tunnel was built / the last proxy listened | $(calc "sprintf(\"%.2f\", $to_first_tunnel)") s / $(calc "sprintf(\"%.2f\", $last_tunnel_s)") s / $(calc "sprintf(\"%.2f\", $last_proxy_s)") s |
| daemon CPU during the build: its own / its children | $(calc "sprintf(\"%.1f\", $build_self_s)") s / $(calc "sprintf(\"%.1f\", $build_children_s)") s |
EOF
  exit 0
fi

log "window A: resync every ${resync} s, drift from kernel events"
measure_window A

daemon_rss_kb=$(sum_kb status VmRSS "$daemon_pid")
daemon_hwm_kb=$(sum_kb status VmHWM "$daemon_pid")
daemon_pss_kb=$(sum_kb smaps_rollup Pss "$daemon_pid")
daemon_threads=$(awk '$1 == "Threads:" { print $2 }' "/proc/$daemon_pid/status")
workers_rss_kb=$(sum_kb status VmRSS "${worker_pids[@]}")
workers_pss_kb=$(sum_kb smaps_rollup Pss "${worker_pids[@]}")
wireguard_rss_kb=$(sum_kb status VmRSS "${wireguard_pids[@]}")
wireguard_pss_kb=$(sum_kb smaps_rollup Pss "${wireguard_pids[@]}")

log "restarting the daemon with a resync of 24 h: no passes, only the drift events and the light fallback check (window B)"
stop_daemon
start_daemon events --resync 24h
adopt_seconds=$(calc "$daemon_ready_at - $daemon_started_at")
adopt_changes=$(grep -c 'reconciling ' "$daemon_log" || true)
adopt_rss_kb=$(sum_kb status VmRSS "$daemon_pid")
log "warming up for $warmup s"
sleep "$warmup"
measure_window B

log "restarting the daemon with its default settings (resync 30 s): the idle daemon as deployed (window D)"
stop_daemon
start_daemon deployed
log "warming up for $warmup s"
sleep "$warmup"
window_a=$window
((window < 120)) && window=120
measure_window D
window=$window_a
deployed_rss_kb=$(sum_kb status VmRSS "$daemon_pid")

# ---------------------------------------------------------------- 4. repair after kill -9
# A proxy worker killed with SIGKILL: its pidfd turns readable, the key is queued, a pass
# restarts the worker. Measured until the proxy answers through its exit again.
repair_samples=()
for round in 1 2 3; do
  victim=$(tunmux get proxies -o json | jq -r '(.items // [.])[] | select(.metadata.name == "lab-1") | .status.pid')
  [[ "$victim" =~ ^[0-9]+$ && "$(cat "/proc/$victim/comm" 2>/dev/null)" == tunmux* ]] || { echo "no live worker for lab-1 (pid '$victim')" >&2; exit 1; }
  kill_at=$(now)
  kill -KILL "$victim"
  repair_deadline=$((SECONDS + 60))
  until [[ "$(in_sandbox curl -s --max-time 2 --socks5-hostname 127.0.0.1:1080 http://whoami.lab/ 2>/dev/null | tr -d '[:space:]')" == 198.18.1.2 ]]; do
    ((SECONDS < repair_deadline)) || { echo "lab-1 did not answer within 60 s of its worker being killed" >&2; exit 1; }
    sleep 0.05
  done
  repair_samples+=("$(calc "$(now) - $kill_at")")
  log "kill -9 of worker $victim: answering again after ${repair_samples[-1]} s"
done
repair_list=$(printf '%s\n' "${repair_samples[@]}" | awk '{ printf "%s%.2f", (NR > 1 ? " / " : ""), $1 }')
mapfile -t worker_pids < <(tunmux get proxies -o json | jq -r '(.items // [.])[] | "\(.metadata.name | ltrimstr("lab-")) \(.status.pid)"' | sort -n | cut -d' ' -f2)

stray_at_end=$(stray_worker_threads)
((stray_at_end == 0)) || { echo "$stray_at_end proxy worker threads are outside their exit's namespace" >&2; exit 1; }
log "deleting all $exits exits"
delete_start=$(now)
tunmux delete --all >"$work/delete.log" 2>&1 || { cat "$work/delete.log" >&2; exit 1; }
delete_seconds=$(calc "$(now) - $delete_start")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- results
# Window A = passes + events + idle; B = events + idle; so a pass costs (A - rate(B) * seconds(A)) / passes.
passes_a=$(calc "${W[A.reconciles]} / $keys")
total_a_ms=$(calc "${W[A.self_ms]} + ${W[A.children_ms]}")
total_b_ms=$(calc "${W[B.self_ms]} + ${W[B.children_ms]}")
total_d_ms=$(calc "${W[D.self_ms]} + ${W[D.children_ms]}")
b_rate=$(calc "$total_b_ms / ${W[B.seconds]}")
d_rate=$(calc "$total_d_ms / ${W[D.seconds]}")
pass_self_ms=$(calc "$passes_a > 0 ? (${W[A.self_ms]} - ${W[B.self_ms]} / ${W[B.seconds]} * ${W[A.seconds]}) / $passes_a : 0")
pass_children_ms=$(calc "$passes_a > 0 ? (${W[A.children_ms]} - ${W[B.children_ms]} / ${W[B.seconds]} * ${W[A.seconds]}) / $passes_a : 0")
pass_ms=$(calc "$pass_self_ms + $pass_children_ms")
pass_wall_s=$(calc "${W[A.reconciles]} > 0 ? ${W[A.reconcile_seconds]} / ${W[A.reconciles]} * $keys : 0")

f1() { calc "sprintf(\"%.1f\", $1)"; }
f0() { calc "sprintf(\"%.0f\", $1)"; }
f2() { calc "sprintf(\"%.2f\", $1)"; }
mib() { calc "sprintf(\"%.1f\", $1 / 1024)"; }

cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mkdir -p "$(dirname "$out")"
table=$(cat <<EOF
Daemon benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'): $exits lab exits, $(nproc) cores ($cpu_model), load average $load_before before / $load_after after, $(wireguard-go --version 2>/dev/null | awk 'NR == 1' || echo wireguard-go), measuring windows of $window s, resync every $resync s.

| figure | value |
| --- | --- |
| **$exits exits Ready from empty** (apply start until every proxy answers through its own exit and every tunnel is Ready) | **$(f1 "$ready_seconds") s** (load average $load_at_apply at the apply, $load_at_ready at Ready; daemon workers ${workers:-default}) |
| apply command returned after (exit code) | $(f1 "$apply_done - $apply_start") s ($apply_status$( ((apply_status == 0)) || echo ": some changes failed at first and the daemon repaired them; warnings below")) |
| checking: rounds of $exits curls through the proxies until all answered / the first round took | $rounds / $(f1 "$first_round_seconds") s |
| apply start until the first tunnel was built (CLI start, forwarding, validation, plan) | $(f2 "$to_first_tunnel") s |
| apply start until the last tunnel was built / the last proxy worker listened (keys built side by side) | $(f2 "$last_tunnel_s") s / $(f2 "$last_proxy_s") s |
| daemon CPU during the build: its own / its children (\`ip\`, \`wg\`) | $(f1 "$build_self_s") s / $(f1 "$build_children_s") s |
| **CPU per no-op resync pass** ($keys keys: $exits tunnels + the host) | **$(f0 "$pass_ms") ms** (daemon $(f0 "$pass_self_ms") ms + children $(f0 "$pass_children_ms") ms) |
| CPU per no-op pass, per exit | $(f1 "$pass_ms / $exits") ms |
| wall time of one pass (sum of its reconciles) | $(f2 "$pass_wall_s") s |
| **idle daemon CPU as deployed** (window D: default settings, resync 30 s, drift from kernel events) | **$(f2 "$d_rate / 10") % of a core** ($(f1 "$d_rate") ms/s) |
| idle daemon CPU without resync passes (window B: drift events and the fallback check only) | $(f2 "$b_rate / 10") % of a core ($(f1 "$b_rate") ms/s) |
| a proxy worker killed with SIGKILL answers again through its exit after (3 rounds) | $repair_list s |
| **daemon RSS idle** with $exits exits (peak during the build) | **$(mib "$daemon_rss_kb") MiB** ($(mib "$daemon_hwm_kb") MiB); PSS $(mib "$daemon_pss_kb") MiB; $daemon_threads threads |
| daemon RSS after a restart that adopted the $exits exits / with default settings after window D | $(mib "$adopt_rss_kb") MiB / $(mib "$deployed_rss_kb") MiB |
| $exits proxy workers: RSS sum / PSS sum | $(mib "$workers_rss_kb") MiB / $(mib "$workers_pss_kb") MiB ($(mib "$workers_pss_kb / $exits") MiB each) |
| $exits wireguard-go: RSS sum / PSS sum | $(mib "$wireguard_rss_kb") MiB / $(mib "$wireguard_pss_kb") MiB |
| proxy worker threads outside their exit's namespace, after the build / at the end | $stray_after_build / $stray_at_end |
| idle CPU of the $exits workers / $exits wireguard-go (window A) | $(f1 "${W[A.workers_ms]} / ${W[A.seconds]}") / $(f1 "${W[A.wireguard_ms]} / ${W[A.seconds]}") ms/s |
| daemon restart: start until ready, $exits exits adopted | $(f1 "$adopt_seconds") s, $adopt_changes reconciles with changes |
| \`tunmux lab up --exits $exits\` / \`tunmux delete --all\` | $(f1 "$lab_seconds") s / $(f1 "$delete_seconds") s |

Windows (daemon CPU in ms: own user+sys, children; key reconciles; reconciles that changed anything; warnings):

| window | what runs | seconds | daemon user / sys | children | reconciles | with changes | warnings |
| --- | --- | --- | --- | --- | --- | --- | --- |
| A | resync ${resync} s, drift events | $(f1 "${W[A.seconds]}") | $(f0 "${W[A.user_ms]}") / $(f0 "${W[A.sys_ms]}") | $(f0 "${W[A.children_ms]}") | ${W[A.reconciles]} | ${W[A.changes]} | ${W[A.warnings]} |
| B | no resync, drift events | $(f1 "${W[B.seconds]}") | $(f0 "${W[B.user_ms]}") / $(f0 "${W[B.sys_ms]}") | $(f0 "${W[B.children_ms]}") | ${W[B.reconciles]} | ${W[B.changes]} | ${W[B.warnings]} |
| D | default settings (resync 30 s), drift events | $(f1 "${W[D.seconds]}") | $(f0 "${W[D.user_ms]}") / $(f0 "${W[D.sys_ms]}") | $(f0 "${W[D.children_ms]}") | ${W[D.reconciles]} | ${W[D.changes]} | ${W[D.warnings]} |
EOF
)
if [[ -n "$apply_failures" ]]; then
  table+=$'\n\nWarnings the daemon logged between the apply and Ready:\n\n```\n'"$apply_failures"$'\n```'
fi
printf '%s\n' "$table" | tee "$out"
log "written to $out"
