#!/usr/bin/env python3
"""The table of bench/before-after.sh: each scenario's figures for both builds, round by round,
then the medians and their ratio (after / before; for latencies, lower is better)."""
import glob, json, os, re, statistics, sys

out = sys.argv[1]
rows = {}  # label -> side -> [result per round]
for f in sorted(glob.glob(os.path.join(out, "*-*", "*-livedrop.json"))):
    side = os.path.basename(os.path.dirname(f)).rsplit("-", 1)[0]
    label = os.path.basename(f)[: -len("-livedrop.json")]
    rows.setdefault(label, {}).setdefault(side, []).append(json.load(open(f)))

def fig(r, label):
    """(p50 ms, p99 ms, lost) of one run: message latency for fan-out, upload to event for a drop."""
    lat = r.get("upload_to_event_latency" if label.startswith("drop") else "latency") or {}
    lost = r.get("events_lost" if label.startswith("drop") else "messages_lost")
    return lat.get("p50_ms"), lat.get("p99_ms"), lost

def median(xs):
    xs = [x for x in xs if isinstance(x, (int, float))]
    return statistics.median(xs) if xs else None

def fmt(x):
    return "n/a" if x is None else (f"{x:.2f}" if isinstance(x, float) else str(x))

def ratio(a, b):
    return "n/a" if a is None or b in (None, 0) else f"{a / b:.2f}"

for name in ("before", "after"):
    p = os.path.join(out, name + ".rev")
    if os.path.exists(p):
        print(f"{name}: {open(p).read().strip()}")
print()
print("| scenario | build | p50 ms by round | p99 ms by round | lost by round | median p50 | median p99 |")
print("|---|---|---|---|---|---|---|")
summary = []
for label in sorted(rows, key=lambda l: (re.sub(r"\d+", "", l), int(re.sub(r"\D", "", l) or 0))):
    med = {}
    for side in ("before", "after"):
        figs = [fig(r, label) for r in rows[label].get(side, [])]
        p50s, p99s, lost = [x[0] for x in figs], [x[1] for x in figs], [x[2] for x in figs]
        med[side] = (median(p50s), median(p99s))
        print(f"| {label} | {side} | {' / '.join(map(fmt, p50s))} | {' / '.join(map(fmt, p99s))} | "
              f"{' / '.join(map(fmt, lost))} | {fmt(med[side][0])} | {fmt(med[side][1])} |")
    summary.append((label, ratio(med["after"][0], med["before"][0]), ratio(med["after"][1], med["before"][1])))
print()
print("| scenario | p50 after/before | p99 after/before |")
print("|---|---|---|")
for label, r50, r99 in summary:
    print(f"| {label} | {r50} | {r99} |")
