#!/usr/bin/env bash
# Daemon benchmark (issues #4, #9), against the Native AOT build as shipped (scripts/publish.sh):
# with the lab's N exits (default 50), inside a sandbox namespace that plays "the host", it measures
#   1. seconds from `tunmux apply` to every exit Ready and answering through its SOCKS proxy,
#      starting from an empty host with `tunmux daemon` running (default settings), the CPU
#      seconds spent meanwhile by the daemon, its `ip`/`wg` children, the proxy workers and
#      wireguard-go, and where each exit's build spent its time (from the daemon's --verbose log);
#   2. the idle daemon's CPU as deployed (window D: default settings, resync every 30 s, drift
#      from kernel events), after a warm-up in which every exit is Ready and its first health
#      checks are done; the workers' and wireguard-go's CPU beside it (not counted as the daemon);
#   3. the CPU of one no-op resync pass (window A: the daemon restarted with --resync 5s, which
#      also measures adopting N running exits);
#   4. how fast a proxy worker and a wireguard-go killed with SIGKILL serve again, and how many
#      repairs each kill caused (one is right);
#   5. the daemon's RSS idle with N exits, plus the proxy workers' and wireguard-go's.
# Prints a markdown table and writes it to bench/daemon/results-latest.md (or --out FILE); the
# daemon logs and the step breakdown are kept in /tmp/tunmux-daemon-bench-logs-<hex>/.
#
#   bench/daemon.sh [--exits N] [--window SECONDS] [--warmup SECONDS] [--workers N]
#                   [--kills N] [--ready-only] [--skip-build] [--native DIR] [--out FILE]
# Defaults: 50 exits, 60 s windows (D in whole 30 s resync periods, each window starting halfway
# between two passes), 20 s warm-up after Ready and after a restart, the daemon's
# own workers, 2 kill rounds. --native DIR: where the AOT build is (default artifacts/native; published there
# unless --skip-build finds it). --ready-only measures step 1 only.
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
warmup=20
skip_build=0
workers=""
ready_only=0
kills=2
native_dir=$repo/artifacts/native
out=$here/daemon/results-latest.md
while (($#)); do
  case "$1" in
    --exits) exits=${2:?--exits needs a number}; shift ;;
    --window) window=${2:?--window needs seconds}; shift ;;
    --warmup) warmup=${2:?--warmup needs seconds}; shift ;;
    --skip-build) skip_build=1 ;;
    --workers) workers=${2:?--workers needs a number}; shift ;;
    --ready-only) ready_only=1 ;;
    --kills) kills=${2:?--kills needs a number}; shift ;;
    --native) native_dir=${2:?--native needs a folder}; shift ;;
    --out) out=${2:?--out needs a file}; shift ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
[[ "$exits" =~ ^[0-9]+$ ]] && ((exits >= 1 && exits <= 254)) || { echo "--exits must be 1..254" >&2; exit 2; }
[[ "$window" =~ ^[0-9]+$ ]] && ((window >= 10)) || { echo "--window must be at least 10 seconds" >&2; exit 2; }
[[ "$warmup" =~ ^[0-9]+$ ]] || { echo "--warmup must be whole seconds" >&2; exit 2; }
native_dir=$(realpath -m "$native_dir")
out=$(realpath -m "$out")
keep_dir=""

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
now() { date +%s.%N; }
# awk for the arithmetic: bash has no floating point.
calc() { awk "BEGIN { printf \"%s\", ($*) }" </dev/null; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

bench_require_root bench/daemon.sh "network namespaces, wireguard-go"
bench_install_missing jq curl iproute2 util-linux procps wireguard-go wireguard-tools dnsmasq
# The Native AOT build, as shipped (scripts/publish.sh): no JIT warming up inside the windows.
tunmux_bin=$native_dir/tunmux
if ((!skip_build)) || [[ ! -x "$tunmux_bin" || ! -x "$native_dir/tunmux-proxy-worker" ]]; then
  log "publishing the Native AOT build into $native_dir (scripts/publish.sh)"
  bash "$repo/scripts/publish.sh" "$native_dir" >&2
fi

# ---------------------------------------------------------------- names, folders, cleanup
id=$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')
sandbox=tmxbench$id
while ip netns list | awk -v name="$sandbox" '$1 == name { found = 1 } END { exit !found }'; do
  id=$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')
  sandbox=tmxbench$id
done
work=$(mktemp -d /tmp/tunmux-daemon-bench.XXXXXX)
keep_dir=/tmp/tunmux-daemon-bench-logs-$id
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
    if [[ -d "$work" ]]; then
      # The daemon's logs (time-stamped, --verbose) and the step breakdown, for a look afterwards.
      rm -rf "$keep_dir" && mkdir -p "$keep_dir" && cp -r "$work"/*.log "$work"/*.txt "$keep_dir"/ 2>/dev/null
      ((status == 0)) || cp -r "$work/run" "$keep_dir"/ 2>/dev/null
      log "logs kept in $keep_dir"
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
  nsenter --net="/run/netns/$sandbox" -- "$tunmux_bin" daemon --verbose --socket "$TUNMUX_SOCKET" --metrics 127.0.0.1:9477 "$@" >"$fifo" 2>&1 </dev/null &
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

# ---------------------------------------------------------------- the sandbox and the lab
load_before=$(loadavg)
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
start_daemon build "${workers_flag[@]}"
log "daemon ready (pid $daemon_pid, default settings); applying $manifest"

ready_count() {
  tunmux get tunnels -o json 2>/dev/null | jq '[(.items // [.])[] | select(.status.ready == true)] | length' 2>/dev/null || echo 0
}

read -r -a build_cpu0 <<<"$(cpu_ticks "$daemon_pid")"
load_at_apply=$(loadavg)
apply_start=$(now)
apply_status=0
tunmux apply -f "$manifest" >"$work/apply.log" 2>&1 || apply_status=$?
apply_done=$(now)
log "apply returned $apply_status after $(calc "$apply_done - $apply_start") s: $(tail -n 1 "$work/apply.log")"
if ((apply_status != 0)); then
  # The daemon retries what failed (backoff, then every resync); Ready then takes longer, and the table says why.
  grep -i 'failed' "$work/apply.log" >&2 || true
fi

# Ready as tunmux reports it, polled with one cheap `get` (the AOT CLI) every 0.2 s: curls
# through 50 proxies while the exits are being built would take the build's CPU.
ready_deadline=$((SECONDS + 900))
until (($(ready_count) == exits)); do
  ((SECONDS < ready_deadline)) || { echo "not every exit was Ready within 900 s" >&2; exit 1; }
  sleep 0.2
done
ready_at=$(now)
ready_seconds=$(calc "$ready_at - $apply_start")
load_at_ready=$(loadavg)
read -r -a build_cpu1 <<<"$(cpu_ticks "$daemon_pid")"

# The processes each exit runs, from tunmux's own view (proxy workers) and records (wireguard-go).
find_exit_pids() {
  mapfile -t worker_pids < <(tunmux get proxies -o json | jq -r '(.items // [.])[] | "\(.metadata.name | ltrimstr("lab-")) \(.status.pid)"' | sort -n | cut -d' ' -f2)
  mapfile -t wireguard_pids < <(jq -r '.wireGuardProcess.pid // empty' "$work"/records/tunnels/*.json)
  ((${#worker_pids[@]} == exits && ${#wireguard_pids[@]} == exits)) || { echo "found ${#worker_pids[@]} workers and ${#wireguard_pids[@]} wireguard-go, not $exits" >&2; exit 1; }
  local pid
  for pid in "${worker_pids[@]}"; do [[ "$(cat "/proc/$pid/comm")" == tunmux* ]] || { echo "worker pid $pid is not tunmux" >&2; exit 1; }; done
  for pid in "${wireguard_pids[@]}"; do [[ "$(cat "/proc/$pid/comm")" == wireguard-go ]] || { echo "pid $pid is not wireguard-go" >&2; exit 1; }; done
}
find_exit_pids
# Every worker and wireguard-go was born during the build: all their CPU so far is the build's.
build_workers_s=$(calc "$(sum_ticks "${worker_pids[@]}") / $clk_tck")
build_wireguard_s=$(calc "$(sum_ticks "${wireguard_pids[@]}") / $clk_tck")
build_self_s=$(calc "(${build_cpu1[0]} + ${build_cpu1[1]} - ${build_cpu0[0]} - ${build_cpu0[1]}) / $clk_tck")
build_children_s=$(calc "(${build_cpu1[2]} + ${build_cpu1[3]} - ${build_cpu0[2]} - ${build_cpu0[3]}) / $clk_tck")
log "all $exits exits Ready after $ready_seconds s (load average $load_at_apply at the apply, $load_at_ready at Ready); CPU: daemon $build_self_s s, its children $build_children_s s, workers $build_workers_s s, wireguard-go $build_wireguard_s s"

# Every proxy must answer through its own exit (198.18.N.2): rounds of concurrent curls until all have.
mkdir -p "$work/curl"
pending=$(seq "$exits")
rounds=0
while [[ -n "$pending" ]]; do
  rounds=$((rounds + 1))
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
  ((SECONDS < ready_deadline)) || { echo "not every proxy answered within 900 s; still failing:$pending" >&2; exit 1; }
  [[ -z "$pending" ]] || sleep 0.2
done
answered_seconds=$(calc "$(now) - $apply_start")
log "every proxy answered through its own exit $answered_seconds s after the apply ($rounds rounds of curl)"

first_tunnel=$(log_lines_between "$daemon_log" "$apply_start" "$ready_at" 'Tunnel .* built' | awk 'NR == 1 { print $1 }')
last_tunnel=$(log_lines_between "$daemon_log" "$apply_start" "$ready_at" 'Tunnel .* built' | awk 'END { print $1 }')
last_proxy=$(log_lines_between "$daemon_log" "$apply_start" "$ready_at" 'Proxy .* listening' | awk 'END { print $1 }')
built_tunnels=$(log_lines_between "$daemon_log" "$apply_start" "$ready_at" 'Tunnel .* built' | wc -l)
built_proxies=$(log_lines_between "$daemon_log" "$apply_start" "$ready_at" 'Proxy .* listening' | wc -l)
apply_failures=$(log_lines_between "$daemon_log" "$apply_start" "$ready_at" ' WRN .*(failed|retrying)' | cut -d' ' -f2- | cut -c1-400)
to_first_tunnel=$(calc "$first_tunnel - $apply_start")
last_tunnel_s=$(calc "$last_tunnel - $apply_start")
last_proxy_s=$(calc "$last_proxy - $apply_start")
perl "$here/daemon-steps.pl" "$daemon_log" "$apply_start" "$ready_at" >"$work/steps.txt"
cat "$work/steps.txt" >&2

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
stray_after_build=$(stray_worker_threads)
((stray_after_build == 0)) || { echo "$stray_after_build proxy worker threads are outside their exit's namespace" >&2; exit 1; }

f1() { calc "sprintf(\"%.1f\", $1)"; }
f0() { calc "sprintf(\"%.0f\", $1)"; }
f2() { calc "sprintf(\"%.2f\", $1)"; }
f3() { calc "sprintf(\"%.3f\", $1)"; }
mib() { calc "sprintf(\"%.1f\", $1 / 1024)"; }

build_rows() {
  cat <<EOF
| **$exits exits Ready from empty** (apply start until \`tunmux get tunnels\` shows every tunnel Ready) | **$(f1 "$ready_seconds") s** (load average $load_at_apply at the apply, $load_at_ready at Ready; daemon workers ${workers:-default}) |
| ... and every proxy answered through its own exit ($rounds rounds of $exits concurrent curls) | $(f1 "$answered_seconds") s |
| apply command returned after (exit code) | $(f1 "$apply_done - $apply_start") s ($apply_status) |
| apply start until the first tunnel was built / the last tunnel was built / the last proxy listened | $(f2 "$to_first_tunnel") s / $(f2 "$last_tunnel_s") s / $(f2 "$last_proxy_s") s ($built_tunnels tunnels, $built_proxies proxies) |
| **CPU seconds from the apply to Ready**: daemon / its children (\`ip\`, \`wg\`) / $exits proxy workers / $exits wireguard-go | **$(f1 "$build_self_s") / $(f1 "$build_children_s") / $(f1 "$build_workers_s") / $(f1 "$build_wireguard_s") s** (sum $(f1 "$build_self_s + $build_children_s + $build_workers_s + $build_wireguard_s") s; $(nproc) cores x $(f1 "$ready_seconds") s = $(f1 "$(nproc) * $ready_seconds") core-seconds) |
EOF
}

steps_block() {
  printf '\nWhere each exit'"'"'s build spent its time (daemon --verbose log; a step lasts until the same exit'"'"'s next event; sum = worker-seconds):\n\n```\n'
  cat "$work/steps.txt"
  printf '```\n'
}

if ((ready_only)); then
  mkdir -p "$(dirname "$out")"
  {
    echo "Daemon benchmark (--ready-only), $(date -u '+%Y-%m-%d %H:%M UTC'): $exits lab exits, $(nproc) cores, Native AOT build, daemon workers ${workers:-default}, load average $load_before before."
    echo
    echo "| figure | value |"
    echo "| --- | --- |"
    build_rows
    steps_block
    [[ -z "$apply_failures" ]] || printf '\nWarnings between the apply and Ready:\n\n```\n%s\n```\n' "$apply_failures"
  } | tee "$out"
  exit 0
fi

# ---------------------------------------------------------------- 2. the idle daemon as deployed
# CPU of every thread of the daemon (comm and utime+stime), to see what wakes it.
thread_ticks() {
  local task stat comm
  for task in /proc/"$1"/task/*; do
    stat=$(cat "$task/stat" 2>/dev/null) || continue
    comm=${stat#*(}
    comm=${comm%)*}
    stat=${stat##*) }
    local -a f
    read -r -a f <<<"$stat"
    printf '%s\t%s\t%s\n' "${task##*/}" "$((f[11] + f[12]))" "${comm// /_}"
  done
}

# One measuring window of $window seconds: the daemon's own and its children's CPU, the
# reconciles it ran (from its metrics), its busiest threads, and the CPU of the
# exits' processes alongside.
declare -A W
measure_window() {
  local label=$1
  local -a t0 t1
  local wall0 wall1 count0 count1 sum0 sum1 wg0 wg1 workers0 workers1
  count0=$(metric tunmux_reconcile_duration_seconds_count)
  sum0=$(metric tunmux_reconcile_duration_seconds_sum)
  wg0=$(sum_ticks "${wireguard_pids[@]}")
  workers0=$(sum_ticks "${worker_pids[@]}")
  thread_ticks "$daemon_pid" >"$work/threads-$label-0.txt"
  read -r -a t0 <<<"$(cpu_ticks "$daemon_pid")"
  wall0=$(now)
  W[$label.load0]=$(loadavg)
  sleep "$window"
  read -r -a t1 <<<"$(cpu_ticks "$daemon_pid")"
  wall1=$(now)
  thread_ticks "$daemon_pid" >"$work/threads-$label-1.txt"
  workers1=$(sum_ticks "${worker_pids[@]}")
  wg1=$(sum_ticks "${wireguard_pids[@]}")
  count1=$(metric tunmux_reconcile_duration_seconds_count)
  sum1=$(metric tunmux_reconcile_duration_seconds_sum)
  W[$label.load1]=$(loadavg)
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
  # The threads that used CPU in the window, busiest first (ms), as "name ms".
  W[$label.threads]=$(awk -F'\t' -v tck="$clk_tck" 'NR == FNR { before[$1] = $2; next } { d = ($2 - before[$1]) * 1000 / tck; if (d > 0) used[$3] += d } END { for (n in used) printf "%s %.0f\n", n, used[n] }' \
    "$work/threads-$label-0.txt" "$work/threads-$label-1.txt" | sort -k2,2nr | head -6 | awk '{ printf "%s%s %s ms", (NR > 1 ? ", " : ""), $1, $2 }')
  log "window $label: ${W[$label.seconds]} s, daemon ${W[$label.self_ms]} ms (user ${W[$label.user_ms]}, sys ${W[$label.sys_ms]}), children ${W[$label.children_ms]} ms, ${W[$label.reconciles]} key reconciles, ${W[$label.changes]} with changes, ${W[$label.warnings]} warnings; threads: ${W[$label.threads]}"
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
    sleep 0.5
  done
}

# A window starts halfway between two resync passes, so a window of whole resync periods holds
# exactly that many passes (not one more or less depending on where it falls).
aligned_window() {
  local label=$1 period=$2
  wait_for_reconciles "$keys"
  sleep "$(calc "$period / 2")"
  measure_window "$label"
}

log "warming up for $warmup s (every exit is Ready; its first health checks come within seconds)"
sleep "$warmup"
log "window D: the daemon as deployed (default settings: resync 30 s, drift from kernel events), from halfway between two passes"
window_asked=$window
window=$(((window + 29) / 30 * 30)) # whole resync periods: 60 s by default
aligned_window D 30
window=$window_asked
daemon_rss_kb=$(sum_kb status VmRSS "$daemon_pid")
daemon_hwm_kb=$(sum_kb status VmHWM "$daemon_pid")
daemon_pss_kb=$(sum_kb smaps_rollup Pss "$daemon_pid")
daemon_threads=$(awk '$1 == "Threads:" { print $2 }' "/proc/$daemon_pid/status")
workers_rss_kb=$(sum_kb status VmRSS "${worker_pids[@]}")
workers_pss_kb=$(sum_kb smaps_rollup Pss "${worker_pids[@]}")
wireguard_rss_kb=$(sum_kb status VmRSS "${wireguard_pids[@]}")
wireguard_pss_kb=$(sum_kb smaps_rollup Pss "${wireguard_pids[@]}")

# ---------------------------------------------------------------- 3. CPU per no-op pass
log "restarting the daemon with --resync 5s: it adopts the $exits exits, then window A"
stop_daemon
start_daemon resync5 --resync 5s "${workers_flag[@]}"
adopt_seconds=$(calc "$daemon_ready_at - $daemon_started_at")
adopt_changes=$(grep -c 'reconciling ' "$daemon_log" || true)
adopt_rss_kb=$(sum_kb status VmRSS "$daemon_pid")
log "warming up for $warmup s"
sleep "$warmup"
aligned_window A 5

# ---------------------------------------------------------------- 4. repair after kill -9
# A proxy worker (then a wireguard-go) killed with SIGKILL: its pidfd turns readable, the key is
# queued, a pass repairs it. Measured until the proxy answers through its exit again; then, after
# the exit has been quiet for a few seconds, the passes that changed something are counted (one
# repair per kill is right; more is churn).
answers() { [[ "$(in_sandbox curl -s --max-time 2 --socks5-hostname "127.0.0.1:$((1079 + $1))" http://whoami.lab/ 2>/dev/null | tr -d '[:space:]')" == "198.18.$1.2" ]]; }
kill_and_wait() {
  local what=$1 exit=$2 victim kill_at deadline
  if [[ $what == worker ]]; then
    victim=$(tunmux get proxies -o json | jq -r --arg n "lab-$exit" '(.items // [.])[] | select(.metadata.name == $n) | .status.pid')
  else
    victim=$(jq -r '.wireGuardProcess.pid // empty' "$work/records/tunnels/lab-$exit.json")
  fi
  [[ "$victim" =~ ^[0-9]+$ ]] && kill -0 "$victim" 2>/dev/null || { echo "no live $what for lab-$exit (pid '$victim')" >&2; exit 1; }
  kill_at=$(now)
  kill -KILL "$victim"
  # Until the exit's own pass has repaired it (a proxy answering through a dead tunnel cannot).
  sleep 0.05
  deadline=$((SECONDS + 60))
  until answers "$exit"; do
    ((SECONDS < deadline)) || { echo "lab-$exit did not answer within 60 s of its $what being killed" >&2; exit 1; }
    sleep 0.05
  done
  local answered
  answered=$(now)
  sleep 5
  local passes late
  passes=$(log_lines_between "$daemon_log" "$kill_at" "$(now)" "reconciling lab-$exit:" | wc -l)
  # Churn: anything of the exit stopped or removed after it served again.
  late=$(log_lines_between "$daemon_log" "$answered" "$(now)" "(Proxy lab-$exit stopped|Tunnel lab-$exit removed|Stopping pid .* lab-$exit\$|reconciling lab-$exit:)" | wc -l)
  echo "$(f2 "$answered - $kill_at") s ($passes repairs, $late after)"
  log "kill -9 of $what $victim (lab-$exit): answering again after $(f2 "$answered - $kill_at") s; $passes passes with changes, $late changes after it answered again"
}
repair_worker=()
repair_wireguard=()
for ((round = 1; round <= kills; round++)); do
  repair_worker+=("$(kill_and_wait worker 1)")
  repair_wireguard+=("$(kill_and_wait wireguard $((exits > 1 ? 2 : 1)))")
done
find_exit_pids
stray_at_end=$(stray_worker_threads)
((stray_at_end == 0)) || { echo "$stray_at_end proxy worker threads are outside their exit's namespace" >&2; exit 1; }

log "deleting all $exits exits"
delete_start=$(now)
tunmux delete --all >"$work/delete.log" 2>&1 || { cat "$work/delete.log" >&2; exit 1; }
delete_seconds=$(calc "$(now) - $delete_start")
load_after=$(loadavg)

# ---------------------------------------------------------------- results
# Window D = idle + passes every 30 s; A = idle + passes every 5 s: both are "idle rate + passes x
# cost", so one pass costs (rate A - rate D) / (pass rate A - pass rate D).
rate() { calc "(${W[$1.self_ms]} + ${W[$1.children_ms]}) / ${W[$1.seconds]}"; }
pass_rate() { calc "${W[$1.reconciles]} / $keys / ${W[$1.seconds]}"; }
d_rate=$(calc "${W[D.self_ms]} / ${W[D.seconds]}")
pass_ms=$(calc "($(pass_rate A) - $(pass_rate D)) > 0 ? ($(rate A) - $(rate D)) / ($(pass_rate A) - $(pass_rate D)) : 0")
pass_wall_s=$(calc "${W[A.reconciles]} > 0 ? ${W[A.reconcile_seconds]} / ${W[A.reconciles]} * $keys : 0")

cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mkdir -p "$(dirname "$out")"
{
  echo "Daemon benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'): $exits lab exits, $(nproc) cores ($cpu_model), Native AOT build, load average $load_before before / $load_after after, $(wireguard-go --version 2>/dev/null | awk 'NR == 1' || echo wireguard-go), windows of $window s after $warmup s of warm-up."
  echo
  echo "| figure | value |"
  echo "| --- | --- |"
  build_rows
  cat <<EOF
| **idle daemon CPU as deployed** (window D: default settings, resync 30 s, drift from kernel events; utime+stime of the daemon alone) | **$(f2 "$d_rate / 10") % of a core** ($(f1 "$d_rate") ms/s; load average ${W[D.load0]} / ${W[D.load1]}) |
| ... its children / the $exits proxy workers / the $exits wireguard-go in window D (not the daemon's) | $(f1 "${W[D.children_ms]} / ${W[D.seconds]}") / $(f1 "${W[D.workers_ms]} / ${W[D.seconds]}") / $(f1 "${W[D.wireguard_ms]} / ${W[D.seconds]}") ms/s |
| ... its busiest threads in window D (among those alive at both ends: idle thread-pool workers retire and new ones start) | ${W[D.threads]} |
| **CPU per no-op resync pass** ($keys keys: $exits tunnels + the host; from windows A and D) | **$(f0 "$pass_ms") ms** ($(f1 "$pass_ms / $exits") ms per exit); wall time of one pass (sum of its reconciles) $(f2 "$pass_wall_s") s |
| a proxy worker killed with SIGKILL: its exit answers again after ($kills rounds; passes that changed something; changes after it answered, which would be churn) | $(printf '%s; ' "${repair_worker[@]}") |
| a wireguard-go killed with SIGKILL: its exit answers again after (same) | $(printf '%s; ' "${repair_wireguard[@]}") |
| **daemon RSS idle** with $exits exits (peak during the build) | **$(mib "$daemon_rss_kb") MiB** ($(mib "$daemon_hwm_kb") MiB); PSS $(mib "$daemon_pss_kb") MiB; $daemon_threads threads |
| daemon restart adopting the $exits exits: start until ready / reconciles with changes / RSS | $(f1 "$adopt_seconds") s / $adopt_changes / $(mib "$adopt_rss_kb") MiB |
| $exits proxy workers: RSS sum / PSS sum | $(mib "$workers_rss_kb") MiB / $(mib "$workers_pss_kb") MiB ($(mib "$workers_pss_kb / $exits") MiB each) |
| $exits wireguard-go: RSS sum / PSS sum | $(mib "$wireguard_rss_kb") MiB / $(mib "$wireguard_pss_kb") MiB |
| proxy worker threads outside their exit's namespace, after the build / at the end | $stray_after_build / $stray_at_end |
| \`tunmux lab up --exits $exits\` / \`tunmux delete --all\` | $(f1 "$lab_seconds") s / $(f1 "$delete_seconds") s |

Windows (daemon CPU in ms: own user / sys, children; key reconciles; reconciles that changed anything; warnings):

| window | what runs | load average at start / end | seconds | daemon user / sys | children | reconciles | with changes | warnings |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| D | default settings (resync 30 s), drift events | ${W[D.load0]} / ${W[D.load1]} | $(f1 "${W[D.seconds]}") | $(f0 "${W[D.user_ms]}") / $(f0 "${W[D.sys_ms]}") | $(f0 "${W[D.children_ms]}") | ${W[D.reconciles]} | ${W[D.changes]} | ${W[D.warnings]} |
| A | resync 5 s, drift events | ${W[A.load0]} / ${W[A.load1]} | $(f1 "${W[A.seconds]}") | $(f0 "${W[A.user_ms]}") / $(f0 "${W[A.sys_ms]}") | $(f0 "${W[A.children_ms]}") | ${W[A.reconciles]} | ${W[A.changes]} | ${W[A.warnings]} |
EOF
  steps_block
  [[ -z "$apply_failures" ]] || printf '\nWarnings between the apply and Ready:\n\n```\n%s\n```\n' "$apply_failures"
} | tee "$out"
log "written to $out"
