#!/usr/bin/env bash
# Smoke test of the anchor servers: starts ejabberd and Prosody (from Debian's packages,
# installed if missing) each in a temp dir, runs check.py against it (TCP, BOSH, WebSocket),
# stops it and verifies that nothing of it is left: no process, no listening port.
#   bench/anchors/smoke.sh              one anchor after the other
#   bench/anchors/smoke.sh --together   two of each at the same time (proves they do not clash)
# Exits non-zero on any failure. Needs root on a fresh Debian (apt-get install).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd -P)
. "$HERE/lib.sh"

TOGETHER=0
case ${1:-} in
  --together) TOGETHER=1 ;;
  "") ;;
  *) echo "usage: $0 [--together]" >&2; exit 2 ;;
esac

command -v pgrep >/dev/null 2>&1 || apt_install procps   # not in a minimal Debian

TMP=$(mktemp -d /tmp/anchors-smoke.XXXXXX)
STARTED=()   # "server workdir" of every instance started, for the trap
FAILED=0
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  local s
  for s in "${STARTED[@]+"${STARTED[@]}"}"; do "$HERE/${s% *}.sh" stop "${s#* }" 2>/dev/null || true; done
}
trap cleanup EXIT

descendants() { # PID: the pid and all its descendants
  local p
  echo "$1"
  for p in $(pgrep -P "$1" 2>/dev/null); do descendants "$p"; done
}

start() { # SERVER WORKDIR: starts it, keeps its lines in WORKDIR.env
  log "smoke: starting $1 in $2"
  mkdir -p "$2"
  STARTED+=("$1 $2")
  "$HERE/$1.sh" start "$2" >"$2.env" || { log "smoke: FAIL $1 did not start"; return 1; }
  sed 's/^/  /' "$2.env" >&2
  descendants "$(sed -n 's/^PID=//p' "$2.env")" >"$2.pids"
}

check() { # SERVER WORKDIR
  local DOMAIN MUC TCP_PORT HTTP_PORT BOSH_URL WS_URL PID plain=()
  # shellcheck disable=SC1090 # the KEY=value lines start printed
  . "$2.env"
  [ "$1" = ejabberd ] && plain=(--plain bench:bench)
  log "smoke: check.py against $1 ($2)"
  python3 "$HERE/check.py" "$TCP_PORT" "$BOSH_URL" "$DOMAIN" "$MUC" "$WS_URL" "${plain[@]}" >&2 \
    || { log "smoke: FAIL check.py against $1"; return 1; }
}

stop() { # SERVER WORKDIR: stops it, then fails if a process or a listening port of it is left
  local DOMAIN MUC TCP_PORT HTTP_PORT BOSH_URL WS_URL PID p ok=0
  # shellcheck disable=SC1090 # the KEY=value lines start printed
  . "$2.env"
  "$HERE/$1.sh" stop "$2" || ok=1
  kill -0 "$PID" 2>/dev/null && { log "smoke: FAIL $1 (pid $PID) still running"; ok=1; }
  while read -r p; do
    if kill -0 "$p" 2>/dev/null; then log "smoke: FAIL $1 left process $p running"; ok=1; fi
  done <"$2.pids"
  for p in "$TCP_PORT" "$HTTP_PORT"; do
    if python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1",int(sys.argv[1])),1)' "$p" 2>/dev/null; then
      log "smoke: FAIL port $p still accepts connections after stopping $1"; ok=1
    fi
  done
  [ $ok = 0 ] && log "smoke: $1 stopped, nothing left ($(wc -w <"$2.pids") processes gone, ports $TCP_PORT $HTTP_PORT closed)"
  return $ok
}

EPMD_BEFORE=$(pgrep -xc epmd || true)
T0=$SECONDS
if [ $TOGETHER = 1 ]; then
  INSTANCES=("ejabberd $TMP/ejabberd-1" "ejabberd $TMP/ejabberd-2" "prosody $TMP/prosody-1" "prosody $TMP/prosody-2")
  for i in "${INSTANCES[@]}"; do start "${i% *}" "${i#* }" || FAILED=1; done
  if [ $FAILED = 0 ]; then
    for i in "${INSTANCES[@]}"; do check "${i% *}" "${i#* }" || FAILED=1; done
  fi
  for i in "${INSTANCES[@]}"; do stop "${i% *}" "${i#* }" || FAILED=1; done
else
  for server in ejabberd prosody; do
    if start "$server" "$TMP/$server"; then check "$server" "$TMP/$server" || FAILED=1
    else FAILED=1; fi
    stop "$server" "$TMP/$server" || FAILED=1
  done
fi
STARTED=()
if [ "$(pgrep -xc epmd || true)" != "$EPMD_BEFORE" ]; then log "smoke: FAIL an epmd was left running"; FAILED=1; fi

if [ $FAILED = 0 ]; then
  log "smoke: PASS in $((SECONDS - T0)) s (logs and configs in $TMP)"
else
  log "smoke: FAILED (logs and configs in $TMP)"
fi
exit $FAILED
