#!/usr/bin/env bash
# XMPP benchmarks: the same scenarios, with the same parameters, against livedrop's embedded
# server, ejabberd and Prosody (Debian packages, private loopback instances), in one run; prints
# the figures side by side as ratios to ejabberd, writes JSON and an SVG chart of latency against
# occupants. Not a test: exits non-zero only if something broke.
#   bench/xmpp-vs-anchors.sh                  the full run (tens of minutes)
#   BENCH_SMOKE=1 bench/xmpp-vs-anchors.sh    a few hundred sessions, seconds each (CI)
#   BENCH_SERVERS="livedrop ejabberd" ...     a subset of servers
#   BENCH_SCENARIOS="fanout sweep" ...        a subset: sessions fanout many-rooms sweep drop files
#                                             (files: bench/files-vs-nginx.sh, its table in the same report)
#   BENCH_PIN=0 ...                           do not pin server and generator to separate cores
#   BENCH_OUT=dir                             where results go (default bench/results/<date>-<commit>)
#   BENCH_SETUP_TIMEOUT=5m                    logins and joins of a run must be done by then; a server
#                                             that cannot is reported as "did not finish" (Prosody's
#                                             joins into one room of 5,000 take tens of minutes)
#   BENCH_SERVER_JAVA_OPTS / BENCH_GEN_JAVA_OPTS  extra JVM options for livedrop / the generator
#                                             (a profiler agent, say)
#   BENCH_GEN_GC="..."                        the generator's collector and heap (default below)
#   BENCH_LIVEDROP_JAR=path                   the livedrop build to run (default app/target/livedrop.jar;
#                                             bench/before-after.sh passes an older one)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JAVA_HOME=$(scripts/find-jdk) || { echo "bench: no JDK >= 21" >&2; exit 1; }
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

SMOKE=${BENCH_SMOKE:-0}
SERVERS=${BENCH_SERVERS:-"livedrop ejabberd prosody"}
SCENARIOS=${BENCH_SCENARIOS:-"sessions fanout many-rooms sweep drop files"}
PIN=${BENCH_PIN:-1}
[ "$(nproc)" -ge 2 ] || PIN=0
# A run, its folder and its chart are named by the date and the commit measured, as
# docs/benchmarks.md cites them; a second run of the same commit that day gets the time too.
BENCH_STAMP=${BENCH_STAMP:-$(date -u +%Y-%m-%d)-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}
export BENCH_STAMP
OUT=${BENCH_OUT:-$ROOT/bench/results/$BENCH_STAMP}
[ -n "${BENCH_OUT:-}" ] || [ ! -e "$OUT" ] || OUT=$OUT-$(date -u +%H%M%S)
SETUP_TIMEOUT=${BENCH_SETUP_TIMEOUT:-5m}
mkdir -p "$OUT"
if [ "$SMOKE" = 1 ]; then
  WS_SESSIONS=300; BOSH_SESSIONS=300; DURATION=3s; WARMUP=1s; WARMUP_SESSIONS=20; SESSIONS_WARMUP=50; BOSH_SESSIONS_WARMUP=50
  FANOUT_OCC=200; FANOUT_RATE=20; ROOMS_OCC=200; ROOMS_N=40; SWEEP="50 150"; VIEWERS="50"; UPLOADS=10; WARMUP_UPLOADS=2
else
  # Issue 5's targets: 20,000 WebSocket sessions, 10,000 BOSH (capped by the open-files limit below).
  WS_SESSIONS=${BENCH_WS_SESSIONS:-20000}; BOSH_SESSIONS=${BENCH_BOSH_SESSIONS:-10000}
  DURATION=${BENCH_DURATION:-30s}; WARMUP=${BENCH_WARMUP:-10s}; WARMUP_SESSIONS=${BENCH_WARMUP_SESSIONS:-500}
  # The sessions scenario measures logins themselves: warm the login path until the JIT has
  # compiled it (10 s at its arrival rate), as in a server that has been up for a while; BOSH as
  # much as WebSocket (see docs/decisions/0021-threads-and-scheduling-under-load.md).
  SESSIONS_WARMUP=${BENCH_SESSIONS_WARMUP:-10000}; BOSH_SESSIONS_WARMUP=${BENCH_BOSH_SESSIONS_WARMUP:-10000}
  FANOUT_OCC=${BENCH_FANOUT_OCCUPANTS:-5000}; FANOUT_RATE=${BENCH_FANOUT_RATE:-20}
  ROOMS_OCC=${BENCH_ROOMS_OCCUPANTS:-5000}; ROOMS_N=${BENCH_ROOMS:-1000}
  SWEEP=${BENCH_SWEEP:-"100 500 1000 2000 5000"}; VIEWERS=${BENCH_VIEWERS:-"100 1000 5000"}; UPLOADS=${BENCH_UPLOADS:-100}; WARMUP_UPLOADS=${BENCH_WARMUP_UPLOADS:-10}
fi

LIVEDROP_JAR=${BENCH_LIVEDROP_JAR:-$ROOT/app/target/livedrop.jar}
[ -f "$LIVEDROP_JAR" ] && [ -f loadgen/target/loadgen.jar ] || ./livedrop build
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
# Every session is a socket in the server and in the generator, and neither process can hold more
# than the open-files limit allows (raising the hard limit needs CAP_SYS_RESOURCE): cap there.
FD_LIMIT=$(ulimit -n)
MAX_SESSIONS=$((FD_LIMIT - 500))
# Pinned servers start on their core, so each sizes its threads (event loops, GC workers, Erlang
# schedulers) for the one core it gets rather than for the machine's two.
if [ "$PIN" = 1 ]; then SERVER_CPU=0; SRV="taskset -c $SERVER_CPU"; GEN="taskset -c 1"; else SRV=""; GEN=""; fi
# The generator's own collections must not land in what it measures: a young generation that holds
# a whole measured phase (it collects its garbage just before each, Harness.collectOwnGarbage), and
# metaspace sized so that loading classes mid-run does not force a full collection (see
# docs/decisions/0021-threads-and-scheduling-under-load.md).
LOADGEN=($GEN java ${BENCH_GEN_GC:--XX:+UseParallelGC -Xms3g -Xmx3g -Xmn2g -XX:MetaspaceSize=256m} ${BENCH_GEN_JAVA_OPTS:-} \
  -jar "$ROOT/loadgen/target/loadgen.jar")

WORK=$(mktemp -d /tmp/xmpp-bench.XXXXXX)
STARTED=()
cleanup() {
  for s in "${STARTED[@]+"${STARTED[@]}"}"; do
    case $s in
      livedrop:*) kill "${s#livedrop:}" 2>/dev/null || true ;;
      *) bench/anchors/${s%%:*}.sh stop "${s#*:}" >/dev/null 2>&1 || true ;;
    esac
  done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# What this host charges per system call and per loopback round trip, on the still idle machine:
# the report prints it beside the figures, which mean little across hosts without it.
timeout 60 python3 bench/host-profile.py "$OUT/host.json" >/dev/null 2>&1 || echo "bench: host profile not taken" >&2

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# start_server NAME: starts it, fills TARGET_ARGS[NAME] and PIDS[NAME]. livedrop runs without its cap
# per client address and its open-files reserve: every generated session comes from 127.0.0.1, and
# the sessions scenario fills the open-files limit on purpose (MAX_SESSIONS above).
declare -A TARGET_ARGS PIDS
RUN_NO=0
start_server() {
  local name=$1
  case $name in
    livedrop)
      local hp xp
      hp=$(free_port); xp=$(free_port)
      LIVEDROP_DATA_DIR="$WORK/livedrop-$RANDOM" LIVEDROP_HTTP_HOST=127.0.0.1 LIVEDROP_HTTP_PORT=$hp LIVEDROP_XMPP_PORT=$xp \
      LIVEDROP_XMPP_DOMAIN=bench.test LIVEDROP_PUBLIC_URL=http://127.0.0.1:$hp LIVEDROP_XMPP_TLS=optional \
      LIVEDROP_XMPP_USER_ROOMS=true LIVEDROP_XMPP_ANONYMOUS=true LIVEDROP_XMPP_MAX_USERS_PRESENCE=1000 LIVEDROP_LOG_LEVEL=WARN \
      LIVEDROP_MAX_CONNECTIONS_PER_ADDRESS=0 LIVEDROP_FD_RESERVE=0 \
        $SRV java $(scripts/jvm-options) ${BENCH_SERVER_JAVA_OPTS:-} -Xms1g -Xmx1g -jar "$LIVEDROP_JAR" > "$WORK/livedrop.log" 2>&1 &
      local pid=$!
      STARTED+=("livedrop:$pid")
      for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$hp/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
      curl -sf "http://127.0.0.1:$hp/healthz" >/dev/null || { echo "bench: livedrop did not start"; cat "$WORK/livedrop.log"; exit 1; }
      PIDS[$name]=$pid
      TARGET_ARGS[$name]="--name livedrop --domain bench.test --muc rooms.bench.test --tcp 127.0.0.1:$xp
        --ws ws://127.0.0.1:$hp/xmpp-websocket --bosh http://127.0.0.1:$hp/http-bind --http http://127.0.0.1:$hp
        --server-pid $pid --metrics http://127.0.0.1:$hp/metrics"
      ;;
    ejabberd|prosody)
      RUN_NO=$((RUN_NO + 1))
      local dir="$WORK/$name-$RUN_NO" env
      env=$($SRV bench/anchors/$name.sh start "$dir")
      STARTED+=("$name:$dir")
      local DOMAIN MUC TCP_PORT BOSH_URL WS_URL PID
      eval "$(echo "$env" | grep -E '^(DOMAIN|MUC|TCP_PORT|HTTP_PORT|BOSH_URL|WS_URL|PID)=')"
      PIDS[$name]=$PID
      TARGET_ARGS[$name]="--name $name --domain $DOMAIN --muc $MUC --tcp 127.0.0.1:$TCP_PORT --ws $WS_URL --bosh $BOSH_URL
        --server-pid $PID"
      ;;
  esac
  if [ "$PIN" = 1 ]; then
    # Every thread of the server on core 0, the generator on core 1: neither steals the other's
    # (again, for any process a server's start script left outside its affinity).
    for p in "${PIDS[$name]}" $(pgrep -P "${PIDS[$name]}" 2>/dev/null); do taskset -a -p -c "$SERVER_CPU" "$p" >/dev/null 2>&1 || true; done
  fi
}

stop_server() {
  local name=$1 keep=()
  for s in "${STARTED[@]}"; do
    if [ "${s%%:*}" = "$name" ]; then
      case $s in livedrop:*) kill "${s#livedrop:}" 2>/dev/null; wait "${s#livedrop:}" 2>/dev/null || true ;;
        *) bench/anchors/$name.sh stop "${s#*:}" >/dev/null 2>&1 || true ;; esac
    else keep+=("$s"); fi
  done
  STARTED=("${keep[@]+"${keep[@]}"}")
}

run() { # SERVER LABEL SCENARIO ARGS...: one loadgen run into $OUT/LABEL-SERVER.json
  local server=$1 label=$2 rc=0; shift 2
  echo "bench: $label on $server: $*" >&2
  # shellcheck disable=SC2086
  "${LOADGEN[@]}" "$@" --warmup-sessions "${RUN_WARMUP_SESSIONS:-$WARMUP_SESSIONS}" --setup-timeout "$SETUP_TIMEOUT" \
    ${TARGET_ARGS[$server]} --json "$OUT/$label-$server.json" > "$OUT/$label-$server.txt" 2>&1 || rc=$?
  case $rc in
    0) ;;
    4) echo "bench: $label on $server did not finish its set-up in $SETUP_TIMEOUT ($(grep -m1 'DID NOT FINISH' "$OUT/$label-$server.txt"))" >&2 ;;
    *) echo "bench: $label on $server reported errors (see $OUT/$label-$server.txt)" >&2 ;;
  esac
  [ -f "$OUT/$label-$server.json" ] || { echo "bench: $label on $server produced no result"; tail -20 "$OUT/$label-$server.txt"; exit 1; }
}

# One server at a time, each fresh: a run never inherits another server's load or leftovers.
for server in $SERVERS; do
  for scenario in $SCENARIOS; do
    case $scenario in
      sessions)
        for tr in ws bosh; do
          n=$WS_SESSIONS; warm=$SESSIONS_WARMUP
          [ "$tr" = bosh ] && n=$BOSH_SESSIONS && warm=$BOSH_SESSIONS_WARMUP
          if [ "$n" -gt "$MAX_SESSIONS" ]; then
            echo "bench: sessions-$tr capped at $MAX_SESSIONS of $n: the open-files limit here is $FD_LIMIT" >&2
            n=$MAX_SESSIONS
          fi
          start_server "$server"
          RUN_WARMUP_SESSIONS=$warm run "$server" "sessions-$tr" sessions --transport "$tr" --sessions "$n" --arrival 1000 --duration "$DURATION"
          stop_server "$server"
        done ;;
      fanout)
        start_server "$server"
        run "$server" fanout fanout --transport ws --occupants "$FANOUT_OCC" --talkers 10 --rate "$FANOUT_RATE" \
          --duration "$DURATION" --warmup "$WARMUP" --arrival 1000
        stop_server "$server" ;;
      many-rooms)
        start_server "$server"
        run "$server" many-rooms many-rooms --transport ws --occupants "$ROOMS_OCC" --rooms "$ROOMS_N" --talkers "$ROOMS_N" \
          --rate 200 --duration "$DURATION" --warmup "$WARMUP" --arrival 1000
        stop_server "$server" ;;
      sweep)
        for n in $SWEEP; do
          start_server "$server"
          run "$server" "sweep-$n" fanout --transport ws --occupants "$n" --talkers 10 --rate "$FANOUT_RATE" --duration "$DURATION" --warmup "$WARMUP" --arrival 1000
          stop_server "$server"
        done ;;
      drop)
        [ "$server" = livedrop ] || continue
        for v in $VIEWERS; do
          start_server "$server"
          run "$server" "drop-$v" drop --transport ws --viewers "$v" --uploads "$UPLOADS" --warmup-uploads "$WARMUP_UPLOADS" --upload-rate 5 --arrival 1000
          stop_server "$server"
        done ;;
    esac
  done
done

# The drops service's files beside nginx (issue 2's benchmark), after the XMPP servers are gone,
# so that its table joins the same report.
case " $SCENARIOS " in
  *" files "*)
    echo "bench: files on livedrop and nginx: bench/files-vs-nginx.sh" >&2
    BENCH_SMOKE=$SMOKE bench/files-vs-nginx.sh > "$OUT/files.txt" 2>&1 \
      || { echo "bench: the files benchmark failed"; tail -20 "$OUT/files.txt"; exit 1; }
    sed -n '/^Files benchmark,/,$p' "$OUT/files.txt" > "$OUT/files.md" ;;
esac

python3 bench/xmpp-report.py "$OUT" "$SMOKE" "$PIN" | tee "$OUT/report.md"
echo "bench: results in $OUT" >&2
