#!/usr/bin/env bash
# Did a change make livedrop slower? The fan-out and drop scenarios of bench/xmpp-vs-anchors.sh
# against two builds of livedrop, alternating before, after, before, after... in one run (these
# machines are noisy: only figures taken side by side compare), then a table of both with ratios.
#   bench/before-after.sh REV              REV's build (made in a temporary worktree) against the
#                                          working tree's (./livedrop build)
#   BENCH_ROUNDS=3                         rounds of before-then-after (default 2)
#   BENCH_SCENARIOS="fanout drop"          which scenarios (default both; any of xmpp-vs-anchors.sh's)
#   BENCH_SMOKE=1, BENCH_FANOUT_OCCUPANTS, BENCH_VIEWERS, ...   passed on to xmpp-vs-anchors.sh
#   BENCH_OUT=dir                          where results go (default bench/results/before-after-<date>-<commit>)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
rev=${1:?usage: bench/before-after.sh REV (a commit, tag or branch to compare the working tree with)}
JAVA_HOME=$(scripts/find-jdk) || { echo "bench: no JDK >= 21" >&2; exit 1; }
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
ROUNDS=${BENCH_ROUNDS:-2}
export BENCH_SCENARIOS=${BENCH_SCENARIOS:-"fanout drop"} BENCH_SERVERS=livedrop
OUT=${BENCH_OUT:-$ROOT/bench/results/before-after-$(date -u +%Y-%m-%d)-$(git rev-parse --short HEAD)}
[ -n "${BENCH_OUT:-}" ] || [ ! -e "$OUT" ] || OUT=$OUT-$(date -u +%H%M%S)
mkdir -p "$OUT"

./livedrop build
WORK=$(mktemp -d /tmp/before-after.XXXXXX)
trap 'git worktree remove --force "$WORK/src" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT INT TERM
echo "bench: building $rev" >&2
git worktree add --quiet --detach "$WORK/src" "$rev"
# The XMPP scenarios need no web UI, so the older build skips Node.js.
(cd "$WORK/src" && mvn -B -q -DskipTests -Dskip.web=true -pl app -am package)
cp "$WORK/src/app/target/livedrop.jar" "$WORK/before.jar"
echo "$rev ($(git rev-parse --short "$rev"))" > "$OUT/before.rev"
echo "working tree at $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' with changes')" > "$OUT/after.rev"

for round in $(seq 1 "$ROUNDS"); do
  for side in before after; do
    jar=$ROOT/app/target/livedrop.jar
    [ "$side" = before ] && jar=$WORK/before.jar
    echo "bench: round $round, $side" >&2
    BENCH_LIVEDROP_JAR=$jar BENCH_OUT="$OUT/$side-$round" bench/xmpp-vs-anchors.sh > "$OUT/$side-$round.log" 2>&1 \
      || { echo "bench: round $round ($side) failed"; tail -20 "$OUT/$side-$round.log"; exit 1; }
  done
done
python3 bench/before-after-report.py "$OUT" | tee "$OUT/report.md"
echo "bench: results in $OUT" >&2
