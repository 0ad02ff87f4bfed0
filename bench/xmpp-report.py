#!/usr/bin/env python3
"""Side-by-side report of one xmpp-vs-anchors.sh run: tables (Markdown) and an SVG chart.
usage: xmpp-report.py RESULTS_DIR SMOKE(0|1) PINNED(0|1)"""
import glob, json, math, os, subprocess, sys, datetime

out, smoke, pinned = sys.argv[1], sys.argv[2] == "1", sys.argv[3] == "1"
SERVERS = ["livedrop", "ejabberd", "prosody"]
results = {}
for f in glob.glob(os.path.join(out, "*.json")):
    if os.path.basename(f) == "host.json":  # the host's profile, not a run
        continue
    label, server = os.path.basename(f)[:-5].rsplit("-", 1)
    results.setdefault(label, {})[server] = json.load(open(f))

def g(r, *path, default=None):
    for p in path:
        if not isinstance(r, dict) or p not in r:
            return default
        r = r[p]
    return r

def lat(r, key, pct):
    """A latency percentile, or None when nothing was delivered (an empty histogram reads 0)."""
    if not g(r, key, "count"):
        return None
    return g(r, key, pct)

def ratio(v, base, higher_is_better=True):
    if v is None or base in (None, 0):
        return "n/a"
    r = v / base
    # Two significant digits when tiny: a ratio of 0.0028 must not print as "0.00".
    return f"{r:.2f}" if r >= 0.1 else f"{r:.2g}"

def dnf(r):
    """Why a run measured nothing: its set-up did not finish by the deadline (None if it did)."""
    d = g(r, "did_not_finish")
    if not d:
        return None
    return f"did not finish: {d['phase']} {d['done']:,} of {d['of']:,} after {d['after_s']} s"

def errors(r):
    e = g(r, "errors", default={}) or {}
    return sum(e.values())

commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
print(f"# XMPP benchmark, {datetime.date.today()}, commit {commit}{' (SMOKE: tiny sizes, figures not meaningful)' if smoke else ''}")
print()
print(f"Machine: {os.cpu_count()} cores; generator and server on the same machine over loopback; "
      + ("server pinned to core 0, generator to core 1 (taskset)." if pinned else "not pinned: they share the cores."))
host_file = os.path.join(out, "host.json")
if os.path.exists(host_file):
    h = json.load(open(host_file))
    print(f"Host: {h['cpu']}, kernel {h['kernel']}; a system call costs about {h['syscall_ns'] / 1000:.2f} µs, "
          f"64 bytes over loopback TCP and back {h['loopback_rtt_p50_us']} µs (p50) / {h['loopback_rtt_p99_us']} µs (p99) "
          "(bench/host-profile.py, before any server started).")
print("Ratios are to ejabberd (1.00 = same); for latencies lower is better, for throughput higher is better.")
print()

def servers_in(label):
    return [s for s in SERVERS if s in results.get(label, {})]

for label in sorted(l for l in results if l.startswith("sessions-")):
    rs = results[label]
    print(f"## {label}: sessions held idle with pings")
    print()
    print("| server | requested | held to end | login p50 ms | login p99 ms | server RSS MiB | RSS/session KiB | heap/session KiB | "
          "ramp: server CPU cores | server CPU ms/login | generator CPU cores | errors |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for s in servers_in(label):
        r = rs[s]
        if dnf(r):
            print(f"| {s} | {dnf(r)} |" + " |" * 10 + f" {errors(r)} |")
            continue
        print(f"| {s} | {r.get('sessions_requested')} | {r.get('sessions_held_to_end')} | {g(r,'login_latency','p50_ms')} | "
              f"{g(r,'login_latency','p99_ms')} | {r.get('server_rss_mib','n/a')} | {r.get('server_rss_per_session_kib','n/a')} | "
              f"{r.get('server_heap_per_session_kib','n/a')} | {r.get('ramp_server_cpu_cores','n/a')} | "
              f"{r.get('server_cpu_ms_per_login','n/a')} | {r.get('ramp_generator_cpu_cores','n/a')} | {errors(r)} |")
    print()

for label, title in [("fanout", "one room, talkers posting at a total rate"), ("many-rooms", "many small rooms")]:
    if label not in results:
        continue
    rs = results[label]
    base = rs.get("ejabberd")
    print(f"## {label}: {title}")
    print()
    print("| server | occupants | rooms | sent/s | delivered/s | vs ejabberd | p50 ms | p99 ms | p99 vs ejabberd | p999 ms | max ms | lost | server CPU cores | generator CPU cores | errors |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for s in servers_in(label):
        r = rs[s]
        if dnf(r):
            print(f"| {s} | {dnf(r)} |" + " |" * 13 + f" {errors(r)} |")
            continue
        print(f"| {s} | {r.get('occupants')} | {r.get('rooms')} | {r.get('rate_sent_per_s')} | {r.get('delivered_per_s')} | "
              f"{ratio(r.get('delivered_per_s'), g(base,'delivered_per_s'))} | {lat(r,'latency','p50_ms') or 'n/a'} | {lat(r,'latency','p99_ms') or 'n/a'} | "
              f"{ratio(lat(r,'latency','p99_ms'), lat(base,'latency','p99_ms'))} | {lat(r,'latency','p999_ms') or 'n/a'} | {lat(r,'latency','max_ms') or 'n/a'} | "
              f"{r.get('messages_lost')} | {r.get('server_cpu_cores','n/a')} | {r.get('generator_cpu_cores','n/a')} | {errors(r)} |")
    print()

sweep = sorted((int(l.split("-")[1]), l) for l in results if l.startswith("sweep-"))
if sweep:
    print("## Latency against occupants (one room, same rate)")
    print()
    print("| occupants | " + " | ".join(f"{s} p99 ms" for s in SERVERS) + " | " + " | ".join(f"{s} lost" for s in SERVERS) + " |")
    print("|---|" + "---|" * (2 * len(SERVERS)))
    series = {s: [] for s in SERVERS}
    unfinished = {s: [] for s in SERVERS}
    for n, label in sweep:
        row = []
        for s in SERVERS:
            r = results[label].get(s)
            p99 = lat(r, "latency", "p99_ms")
            if dnf(r):
                row.append(dnf(r))
                unfinished[s].append(n)
            else:
                row.append(("n/a (none delivered)" if r else "n/a") if p99 is None else str(p99))
            if p99 is not None:
                series[s].append((n, p99))
        lost = [str(g(results[label].get(s), "messages_lost", default="n/a")) for s in SERVERS]
        print(f"| {n} | " + " | ".join(row) + " | " + " | ".join(lost) + " |")
    print()
    # The chart: p99 latency (ms) against occupants, one line per server.
    W, H, L, B = 640, 360, 60, 40
    xs = [n for n, _ in sweep]
    # A logarithmic axis: the anchors' p99 runs into tens of seconds where livedrop's is tens of
    # milliseconds, and on a linear axis every curve but the highest lies flat on zero.
    values = [p for pts in series.values() for _, p in pts]
    decades = range(math.floor(math.log10(max(0.1, min(values + [1])))), math.ceil(math.log10(max(values + [1]) * 1.1)) + 1)
    lo, hi = 10.0 ** decades[0], 10.0 ** decades[-1]
    def px(n):
        return L + (W - L - 20) * (xs.index(n) / max(1, len(xs) - 1))
    def py(v):
        return H - B - (H - B - 20) * (math.log10(max(v, lo)) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
    colors = {"livedrop": "#1f77b4", "ejabberd": "#d62728", "prosody": "#2ca02c"}
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<line x1="{L}" y1="{H-B}" x2="{W-10}" y2="{H-B}" stroke="black"/><line x1="{L}" y1="20" x2="{L}" y2="{H-B}" stroke="black"/>',
           f'<text x="{W/2}" y="{H-8}" text-anchor="middle">occupants in the room</text>',
           f'<text x="14" y="{H/2}" transform="rotate(-90 14 {H/2})" text-anchor="middle">p99 latency (ms, log scale)</text>']
    for n in xs:
        svg.append(f'<text x="{px(n)}" y="{H-B+16}" text-anchor="middle">{n}</text>')
    for d in decades:
        v = 10.0 ** d
        svg.append(f'<text x="{L-6}" y="{py(v)+4}" text-anchor="end">{v:g}</text>'
                   f'<line x1="{L}" y1="{py(v)}" x2="{W-10}" y2="{py(v)}" stroke="#eee"/>')
    for k, (s, pts) in enumerate(series.items()):
        if not pts:
            continue
        path = " ".join(f"{px(n):.1f},{py(v):.1f}" for n, v in pts)
        svg.append(f'<polyline points="{path}" fill="none" stroke="{colors[s]}" stroke-width="2"/>')
        svg.extend(f'<circle cx="{px(n):.1f}" cy="{py(v):.1f}" r="3" fill="{colors[s]}"/>' for n, v in pts)
        if not unfinished[s]:
            svg.append(f'<text x="{L+10}" y="{30+16*k}" fill="{colors[s]}">{s}</text>')
    # A server that could not even fill the room gets a cross at the top of that column.
    for k, (s, ns) in enumerate(unfinished.items()):
        for n in ns:
            x, y = px(n), 28 + 14 * k
            svg.append(f'<path d="M{x-5},{y-5} L{x+5},{y+5} M{x-5},{y+5} L{x+5},{y-5}" stroke="{colors[s]}" stroke-width="2"/>')
        if ns:
            # Beside the series' name in the legend, once: a label per cross would overlap the next.
            svg.append(f'<text x="{L+10}" y="{30+16*k}" fill="{colors[s]}">{s}'
                       + f' (x: did not finish joining the room)</text>')
    svg.append("</svg>")
    # Named by date and commit, so that it can be copied into docs/bench/ as it is.
    chart = f"latency-vs-occupants-{os.environ.get('BENCH_STAMP') or f'{datetime.date.today()}-{commit}'}.svg"
    with open(os.path.join(out, chart), "w") as f:
        f.write("\n".join(svg))
    print(f"Chart: {chart} in the results folder.")
    print()

drops = sorted((int(l.split("-")[1]), l) for l in results if l.startswith("drop-"))
if drops:
    print("## Drop: upload over REST to the event at every viewer (livedrop)")
    print()
    print("| viewers | uploads | events expected | delivered | lost | p50 ms | p99 ms | max ms | errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    for v, label in drops:
        r = results[label].get("livedrop")
        if not r:
            continue
        if dnf(r):
            print(f"| {v} | {dnf(r)} |" + " |" * 6 + f" {errors(r)} |")
            continue
        print(f"| {r.get('viewers_joined')} | {r.get('uploads_ok')} | {r.get('events_expected')} | {r.get('events_delivered')} | "
              f"{r.get('events_lost')} | {g(r,'upload_to_event_latency','p50_ms')} | {g(r,'upload_to_event_latency','p99_ms')} | "
              f"{g(r,'upload_to_event_latency','max_ms')} | {errors(r)} |")
    print()

files = os.path.join(out, "files.md")
if os.path.exists(files):
    print("## Files: upload and download through the drops service, livedrop beside nginx (bench/files-vs-nginx.sh)")
    print()
    print(open(files).read().strip())
    print()

bad = [(l, s, g(r, "errors")) for l, rs in results.items() for s, r in rs.items() if errors(r)]
if bad:
    print("## Errors reported by the generator")
    print()
    for l, s, e in bad:
        for k, v in e.items():
            print(f"- {l} on {s}: {v} x {k}")
    print()
