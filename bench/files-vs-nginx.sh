#!/usr/bin/env bash
# Files benchmark: a 1 GiB upload and download through livedrop (heap capped at 128 MiB) beside
# the same transfers through nginx, alternating, in one run on this machine. Prints MB/s, the
# ratios livedrop/nginx and livedrop's heap while transferring.
#   bench/files-vs-nginx.sh                 1 GiB, 3 rounds
#   BENCH_SIZE_MB=256 BENCH_ROUNDS=5 ...    other sizes
#   BENCH_SMOKE=1 ...                       32 MiB, 1 round: proves the script works (CI)
# Not a test: it exits non-zero only if something broke, never for a missed target.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SIZE_MB=${BENCH_SIZE_MB:-1024}
ROUNDS=${BENCH_ROUNDS:-3}
if [ "${BENCH_SMOKE:-}" = 1 ]; then SIZE_MB=32; ROUNDS=1; fi
HEAP=${BENCH_HEAP:-128m}

JAVA_HOME=$(scripts/find-jdk) || { echo "bench: no JDK >= 21" >&2; exit 1; }
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
  echo "bench: installing nginx"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  NGINX=/usr/sbin/nginx
fi
[ -f app/target/livedrop.jar ] || ./livedrop build

WORK=$(mktemp -d /tmp/livedrop-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
NPORT=$(free_port); LPORT=$(free_port); XPORT=$(free_port)

echo "bench: making a ${SIZE_MB} MiB file of random bytes"
dd if=/dev/urandom of="$WORK/file.bin" bs=1M count="$SIZE_MB" status=none
SHA=$(sha256sum "$WORK/file.bin" | cut -d' ' -f1)

mkdir -p "$WORK/nginx-root" "$WORK/nginx-tmp"
# nginx's workers run as www-data when started as root: let them into the work dir.
chmod 755 "$WORK"
chmod 777 "$WORK/nginx-root" "$WORK/nginx-tmp"
chmod 644 "$WORK/file.bin"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_max_body_size 0;
  client_body_temp_path $WORK/nginx-tmp/body;
  proxy_temp_path $WORK/nginx-tmp/proxy;
  fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
  scgi_temp_path $WORK/nginx-tmp/scgi;
  server {
    listen 127.0.0.1:$NPORT;
    root $WORK/nginx-root;
    location / { dav_methods PUT; create_full_put_path on; }
  }
}
CONF
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
PIDS+=($!)

LIVEDROP_DATA_DIR="$WORK/livedrop" LIVEDROP_HTTP_HOST=127.0.0.1 LIVEDROP_HTTP_PORT=$LPORT LIVEDROP_XMPP_PORT=$XPORT \
LIVEDROP_MAX_FILE_SIZE=64G LIVEDROP_MAX_DROP_SIZE=1T LIVEDROP_LOG_LEVEL=WARN LIVEDROP_MAX_CONNECTIONS_PER_ADDRESS=0 \
  java $(scripts/jvm-options) -Xmx$HEAP -jar app/target/livedrop.jar > "$WORK/livedrop.log" 2>&1 &
LD_PID=$!
PIDS+=($LD_PID)

for i in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$LPORT/healthz" >/dev/null 2>&1 && curl -s -o /dev/null "http://127.0.0.1:$NPORT/" && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$LPORT/healthz" >/dev/null || { echo "bench: livedrop did not start"; cat "$WORK/livedrop.log"; exit 1; }

TOKEN=$(curl -sf -XPOST "http://127.0.0.1:$LPORT/api/v1/drops" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["adminToken"])')
AUTH="Authorization: Bearer $TOKEN"

heap_used() {
  curl -s "http://127.0.0.1:$LPORT/metrics" | awk '/^jvm_memory_used_bytes/ && /area="heap"/ {s+=$NF} END {printf "%d\n", s}'
}
# Samples livedrop's heap every 200 ms into a file while a transfer runs.
sample_heap() { while :; do heap_used >> "$WORK/heap.samples"; sleep 0.2; done; }

jcmd "$LD_PID" GC.run >/dev/null 2>&1 || true
sleep 0.5
HEAP_IDLE=$(heap_used)
sample_heap & SAMPLER=$!
PIDS+=($SAMPLER)

# Warm-up, not measured: both servers have served four transfers before the clock starts (a JVM
# server compiles its hot paths in the first seconds; a long-running one is always warm).
if [ "${BENCH_SMOKE:-}" != 1 ]; then
  echo "bench: warm-up transfers (not measured)"
  for w in 1 2 3 4; do
    curl -sf -o /dev/null -T "$WORK/file.bin" "http://127.0.0.1:$NPORT/warm$w.bin"
    curl -sf -o /dev/null -T "$WORK/file.bin" -H "$AUTH" -H "X-File-Name: warm$w.bin" "http://127.0.0.1:$LPORT/api/v1/drops/bench/files"
  done
fi

: > "$WORK/results.tsv"
ID=""
# Each upload starts from the same state: no dirty pages left by the one before (sync), otherwise
# the server that fsyncs (livedrop) pays for the writeback of the one that does not (nginx); and,
# where the kernel lets us, an emptied page cache with only the source file read back in. On these
# virtual machines writing into memory the page cache just freed is much faster than into memory
# it has not touched lately, so without this each server's speed depends on what the other one
# left behind (see docs/decisions/0023-upload-staging-with-direct-io.md).
DROP_CACHES=no
[ -w /proc/sys/vm/drop_caches ] && DROP_CACHES=yes
settle() {
  sync
  if [ "$DROP_CACHES" = yes ]; then
    echo 3 > /proc/sys/vm/drop_caches
    cat "$WORK/file.bin" > /dev/null
  fi
}
for r in $(seq 1 "$ROUNDS"); do
  settle
  up=$(curl -sf -o /dev/null -w '%{speed_upload} %{time_total}' -T "$WORK/file.bin" "http://127.0.0.1:$NPORT/f$r.bin")
  echo -e "nginx\tupload\t${up% *}" >> "$WORK/results.tsv"
  # livedrop answers 201 only once the file is fsynced; nginx answers with the body in the page
  # cache. The same guarantee for nginx is its upload plus the sync that makes it durable.
  s0=$(date +%s.%N); sync; s1=$(date +%s.%N)
  echo -e "nginx+sync\tupload\t$(python3 -c "import sys; print($SIZE_MB*1048576/(${up#* }+$s1-$s0))")" >> "$WORK/results.tsv"
  settle
  up=$(curl -sf -o "$WORK/resp.json" -w '%{speed_upload}' -T "$WORK/file.bin" -H "$AUTH" -H "X-File-Name: f$r.bin" \
    "http://127.0.0.1:$LPORT/api/v1/drops/bench/files")
  echo -e "livedrop\tupload\t$up" >> "$WORK/results.tsv"
  ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["assets"][0]["id"])' "$WORK/resp.json")

  # Downloads are measured from the page cache for both (as a file just shared is read): each
  # server's copy is read in first.
  cat "$WORK/nginx-root/f$r.bin" > /dev/null
  find "$WORK/livedrop/blobs" -type f -exec cat {} + > /dev/null
  down=$(curl -sf -o /dev/null -w '%{speed_download}' "http://127.0.0.1:$NPORT/f$r.bin")
  echo -e "nginx\tdownload\t$down" >> "$WORK/results.tsv"
  down=$(curl -sf -o /dev/null -w '%{speed_download}' -H "$AUTH" "http://127.0.0.1:$LPORT/api/v1/drops/bench/assets/$ID/content")
  echo -e "livedrop\tdownload\t$down" >> "$WORK/results.tsv"
done
kill "$SAMPLER" 2>/dev/null || true

# The bytes that come back are the bytes that went in, on both servers.
[ "$(curl -sf "http://127.0.0.1:$NPORT/f1.bin" | sha256sum | cut -d' ' -f1)" = "$SHA" ] || { echo "bench: nginx returned other bytes"; exit 1; }
[ "$(curl -sf -H "$AUTH" "http://127.0.0.1:$LPORT/api/v1/drops/bench/assets/$ID/content" | sha256sum | cut -d' ' -f1)" = "$SHA" ] \
  || { echo "bench: livedrop returned other bytes"; exit 1; }
jcmd "$LD_PID" GC.run >/dev/null 2>&1 || true
sleep 0.5
HEAP_AFTER=$(heap_used)

python3 - "$WORK/results.tsv" "$WORK/heap.samples" "$HEAP_IDLE" "$HEAP_AFTER" "$SIZE_MB" "$ROUNDS" "$HEAP" "$DROP_CACHES" <<'PY'
import sys, statistics, datetime, subprocess, os
results, samples, idle, after, size, rounds, heap, dropped = sys.argv[1:]
data = {}
for line in open(results):
    server, kind, speed = line.rstrip("\n").split("\t")
    data.setdefault((server, kind), []).append(float(speed) / 1e6)
heap_max = max([int(x) for x in open(samples) if x.strip()] or [0])
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
mem = os.popen("free -g | awk '/Mem:/ {print $2}'").read().strip()
print()
print(f"Files benchmark, {datetime.date.today()}, commit {commit}: {size} MiB file, {rounds} round(s), livedrop -Xmx{heap}")
print(f"Machine: {os.cpu_count()} cores, {mem} GiB RAM; curl, nginx and livedrop share the same cores on loopback.")
print("Before each upload: sync" + (", page cache dropped and the source file read back in." if dropped == "yes"
      else " (the page cache could not be dropped here: each server's speed may depend on what the other left behind)."))
print()
print(f"| transfer | nginx MB/s (median / best) | livedrop MB/s (median / best) | livedrop / nginx (median) | target |")
print(f"|---|---|---|---|---|")
targets = {"upload": 0.8, "download": 0.9}
for kind in ("upload", "download"):
    n, l = data[("nginx", kind)], data[("livedrop", kind)]
    ratio = statistics.median(l) / statistics.median(n)
    verdict = "PASS" if ratio >= targets[kind] else "MISS"
    print(f"| {kind} | {statistics.median(n):.0f} / {max(n):.0f} | {statistics.median(l):.0f} / {max(l):.0f} | {ratio:.2f} | >= {targets[kind]} {verdict} |")
d = data[("nginx+sync", "upload")]
l = data[("livedrop", "upload")]
print(f"| upload, both durable (nginx + sync) | {statistics.median(d):.0f} / {max(d):.0f} | {statistics.median(l):.0f} / {max(l):.0f} | "
      f"{statistics.median(l) / statistics.median(d):.2f} | (for comparison; the target is against plain nginx) |")
mb = lambda b: int(b) / 2**20
print()
print(f"livedrop heap used: {mb(idle):.0f} MiB idle before, {mb(heap_max):.0f} MiB at most while transferring, "
      f"{mb(after):.0f} MiB after (cap {heap}); the file is {size} MiB.")
PY
