# shellcheck shell=bash
# Helpers shared by ejabberd.sh and prosody.sh; sourced, not run. Everything logs to stderr:
# stdout carries only the KEY=value lines that start prints.

ANCHOR_DOMAIN=anchor.test
ANCHOR_MUC=conference.anchor.test
ANCHOR_NOFILE=65536   # the benchmarks open 20,000 connections; servers need one fd each and more

log() { echo "anchors: $*" >&2; }
die() { log "$*"; exit 1; }

# apt_install PACKAGE: installs it quietly (apt-get update once per run first).
apt_install() {
  log "installing $1 from Debian's packages"
  if [ -z "${ANCHORS_APT_UPDATED:-}" ]; then
    apt-get update -qq >&2 || die "apt-get update failed"
    export ANCHORS_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >&2 \
    || die "apt-get install $1 failed"
}

# A fresh Debian has no python3; the helpers below and check.py need it.
command -v python3 >/dev/null 2>&1 || apt_install python3

# free_ports N: prints N distinct free loopback ports, one a line. All sockets stay bound until
# every port is chosen, so the N are distinct; another process could still take one before the
# server binds it, which start reports as a failed start.
free_ports() {
  python3 -c 'import socket,sys
ss=[socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss: s.bind(("127.0.0.1",0))
print("\n".join(str(s.getsockname()[1]) for s in ss))' "$1"
}

# raise_nofile: open-files limit for this shell and the server it starts. The hard limit can only
# be raised with CAP_SYS_RESOURCE; without it the soft limit goes as high as the hard one allows.
raise_nofile() {
  ulimit -Hn "$ANCHOR_NOFILE" 2>/dev/null || true
  if ! ulimit -n "$ANCHOR_NOFILE" 2>/dev/null; then
    ulimit -n "$(ulimit -Hn)"
    log "WARNING: open files limited to $(ulimit -n) (hard limit; raising it needs CAP_SYS_RESOURCE)"
  fi
}

# wait_ready PID TCP_PORT BOSH_URL: waits up to 60 s until the c2s port answers a stream header
# with <stream:features> and the BOSH path answers GET with 200, failing early if PID died.
wait_ready() {
  local pid=$1 tcp=$2 bosh=$3
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || { log "server (pid $pid) exited while starting"; return 1; }
    if python3 - "$tcp" "$bosh" "$ANCHOR_DOMAIN" <<'EOF' 2>/dev/null
import socket, sys, urllib.request
tcp, bosh, domain = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with socket.create_connection(("127.0.0.1", tcp), timeout=2) as s:
    s.sendall(("<?xml version='1.0'?><stream:stream to='%s' xmlns='jabber:client' "
               "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>" % domain).encode())
    got = b""
    while b"features" not in got:
        chunk = s.recv(4096)
        if not chunk: sys.exit(1)
        got += chunk
    s.sendall(b"</stream:stream>")
with urllib.request.urlopen(bosh, timeout=2) as r:
    sys.exit(0 if r.status == 200 else 1)
EOF
    then return 0; fi
    sleep 0.5
  done
  log "server (pid $pid) did not answer on c2s port $tcp and $bosh within 60 s"
  return 1
}

# stop_pid PID NAME MARK: SIGTERM (both servers shut down cleanly on it), SIGKILL after 10 s.
# Only if the process's command line contains MARK (its work dir), so a stale pid file whose pid
# was reused by some other process never gets that process killed.
stop_pid() {
  local pid=$1 name=$2 mark=$3
  kill -0 "$pid" 2>/dev/null || { log "$name (pid $pid) was not running"; return 0; }
  if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$mark"; then
    log "pid $pid is not this $name (its command line lacks $mark); not touching it"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { log "$name (pid $pid) stopped"; return 0; }
    sleep 0.1
  done
  log "$name (pid $pid) still running after 10 s, killing it"
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  die "$name (pid $pid) survived SIGKILL"
}

# after_install SERVICE: Debian's packages start and enable a system instance on install (unless
# policy-rc.d forbids it). Ours are private, so stop that one and keep it from starting at boot,
# where it would take port 5222 from livedrop. Only called right after this script installed it.
after_install() {
  service "$1" stop >/dev/null 2>&1 || true
  if [ -d /run/systemd/system ]; then systemctl disable "$1" >/dev/null 2>&1 || true
  else update-rc.d "$1" disable >/dev/null 2>&1 || true; fi
  # ejabberd's postinst runs `ejabberdctl status`, whose Erlang node leaves an epmd daemon
  # behind; stop it as ejabberdctl itself does, only if no Erlang node is registered with it.
  if [ "$1" = ejabberd ] && [ -x /usr/bin/epmd ] && ! /usr/bin/epmd -names 2>/dev/null | grep -q '^name '; then
    /usr/bin/epmd -kill >/dev/null 2>&1 || true
  fi
}

# print_endpoints TCP_PORT HTTP_PORT BOSH_PATH WS_PATH PID: the machine-readable lines on stdout.
print_endpoints() {
  printf 'DOMAIN=%s\nMUC=%s\nTCP_PORT=%s\nHTTP_PORT=%s\nBOSH_URL=http://127.0.0.1:%s/%s\nWS_URL=ws://127.0.0.1:%s/%s\nPID=%s\n' \
    "$ANCHOR_DOMAIN" "$ANCHOR_MUC" "$1" "$2" "$2" "$3" "$2" "$4" "$5"
}
