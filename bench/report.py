#!/usr/bin/env python3
"""Renders benchmark results: markdown tables (printed, and written into bench/RESULTS.md between
`<!-- bench:NAME:begin -->` / `<!-- bench:NAME:end -->` markers) and bench/results.svg (bars of
SHNN's speed ratios, drawn here as plain SVG). Standard library only.

Usage: report.py [--jmh FILE]... [--macro FILE] [--update RESULTS.md] [--svg FILE] [--note TEXT]
Ratios are always "SHNN speed / other's speed": > 1 means SHNN is faster (throughput: SHNN ops/s
over the baseline's; latency and wall time: the baseline's time over SHNN's).
"""
import argparse
import html
import json
import math
import os
import re
import sys

RING_IMPLS = ["shnn", "shnn-copy", "jctools-values", "agrona", "jctools", "abq"]
# The ratio columns, in table order. "jctools" moves references to objects filled before the run and carries no
# spike (RESULTS section 15): its ratio is shown for reference, after those of the queues that carry spike values.
RING_BASELINES = ["jctools-values", "agrona", "jctools", "abq"]
RING_NAMES = {"shnn": "SHNN (in place)", "shnn-copy": "SHNN (bulk copy)",
              "jctools-values": "JCTools 4.0.7 (a Spike per spike)", "agrona": "Agrona 2.6.0",
              "jctools": "JCTools 4.0.7 (pooled references, no spike data)", "abq": "ArrayBlockingQueue"}
RING_VERSUS = {"jctools-values": "vs JCTools (values)", "agrona": "vs Agrona", "jctools": "vs JCTools (pooled)",
               "abq": "vs ABQ"}
RING_ROWS = [  # (benchmark, metric, label, higher is better)
    ("ring.SpscThroughput.single", "polled", "SPSC 1P1C, one spike per call (spikes/s)", True),
    ("ring.SpscThroughput.batch", "polled", "SPSC 1P1C, batches of 32 (spikes/s)", True),
    ("ring.MpscThroughput.single", "polled", "MPSC 2P1C, one spike per call (spikes/s)", True),
    ("ring.MpscThroughput.batch", "polled", "MPSC 2P1C, batches of 32 (spikes/s)", True),
    ("ring.SpscRoundTrip.roundTrip", None, "SPSC round trip, ping-pong (ns)", False),
]


def load_jmh(paths):
    """JMH results from its JSON files, or from its console log (a .txt/.log file) when only that was kept."""
    rows = []
    for path in paths:
        if path.endswith((".txt", ".log")):
            rows.extend(parse_jmh_text(path))
            continue
        with open(path) as f:
            for r in json.load(f):
                rows.append(r)
    return rows


def parse_jmh_text(path):
    """The per-iteration figures of a JMH console log, in the shape of its JSON (rawData only)."""
    rows, cur, in_measure = [], None, False
    with open(path) as f:
        for line in f:
            m = re.match(r"# Benchmark: (\S+)", line)
            if m:
                cur = {"benchmark": m.group(1), "params": {}, "primaryMetric": None, "secondaryMetrics": {}}
                rows.append(cur)
                in_measure = False
                continue
            m = re.match(r"# Parameters: \((.*)\)", line)
            if m and cur is not None:
                cur["params"] = dict(kv.split(" = ") for kv in m.group(1).split(", "))
                continue
            m = re.match(r"Iteration\s+\d+: ([-\d.]+) (\S+)", line)
            if m and cur is not None:
                in_measure = True
                pm = cur["primaryMetric"] or {"rawData": [[]], "scoreUnit": m.group(2)}
                pm["rawData"][0].append(float(m.group(1)))
                cur["primaryMetric"] = pm
                continue
            m = re.match(r"\s+(\w+):\s+([-\d.]+) (\S+)", line)
            if m and cur is not None and in_measure:
                sm = cur["secondaryMetrics"].setdefault(m.group(1), {"rawData": [[]], "scoreUnit": m.group(3)})
                sm["rawData"][0].append(float(m.group(2)))
                continue
            if not line.strip() == "" and not line.startswith(" "):
                in_measure = in_measure and line.startswith("Iteration")
    return [r for r in rows if r["primaryMetric"]]


def metric(r, name):
    """(median, min, max, unit) over the measurement iterations of all forks, or None.

    On a shared machine one descheduled iteration can move JMH's mean (its "score") by an order of
    magnitude, so the tables show the median and the range; the JSON keeps JMH's own statistics.
    """
    m = r["primaryMetric"] if name is None else r["secondaryMetrics"].get(name)
    if not m:
        return None
    xs = sorted(x for fork in m["rawData"] for x in fork)
    if not xs:
        return None
    n = len(xs)
    med = xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2
    return med, xs[0], xs[-1], m["scoreUnit"]


def num(x):
    """A JMH number, or None (JMH writes "NaN" for the error of a single iteration)."""
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return None if x != x else x


def fmt(x):
    x = num(x)
    if x is None:
        return "—"
    if x >= 1e6:
        return f"{x / 1e6:,.1f} M"
    if x >= 1e3:
        return f"{x / 1e3:,.1f} k"
    return f"{x:,.1f}" if x >= 10 else f"{x:.3g}"


def ratio_cell(r):
    """A speed ratio: bold when SHNN is ahead, marked as a loss when behind at two decimals."""
    text = f"{r:.2f}x"
    if text == "1.00x":
        return text + " (parity)"
    return f"**{text}**" if r > 1 else text + " (loss)"


def ring_results(rows):
    """{label: {impl: (score, error)}} plus ratio per baseline."""
    out = []
    for bench, name, label, higher in RING_ROWS:
        scores = {}
        for r in rows:
            if r["benchmark"].endswith(bench) and r["params"].get("impl") in RING_IMPLS:
                m = metric(r, name)
                if m:
                    scores[r["params"]["impl"]] = m
        if not scores:
            continue
        ratios = {}
        # SHNN's figure is its better consumer path (in place or bulk copy), named in the table.
        mine = [i for i in ("shnn", "shnn-copy") if i in scores]
        if mine:
            best = max(mine, key=lambda i: scores[i][0] if higher else -scores[i][0])
            s = scores[best][0]
            for b in RING_BASELINES:
                if b in scores and scores[b][0] > 0 and s > 0:
                    ratios[b] = s / scores[b][0] if higher else scores[b][0] / s
        out.append({"label": label, "scores": scores, "ratios": ratios, "best": best if mine else None})
    return out


def ring_table(ring):
    head = "| benchmark: median (min–max) | " + " | ".join(RING_NAMES[i] for i in RING_IMPLS) + " | SHNN's best " + \
        " | ".join(RING_VERSUS[b] for b in RING_BASELINES) + " |"
    lines = [head, "|" + "---|" * (len(RING_IMPLS) + len(RING_BASELINES) + 1)]
    for row in ring:
        cells = []
        for i in RING_IMPLS:
            sc = row["scores"].get(i)
            text = f"{fmt(sc[0])} ({fmt(sc[1])}–{fmt(sc[2])})" if sc else "—"
            cells.append(f"*{text}*" if i == row["best"] else text)
        rat = [ratio_cell(row["ratios"][b]) if b in row["ratios"] else "—" for b in RING_BASELINES]
        lines.append(f"| {row['label']} | " + " | ".join(cells + rat) + " |")
    return "\n".join(lines)


def other_jmh_table(rows):
    """Any benchmark outside org.shnn.bench.ring: name, params, primary score."""
    lines = ["| benchmark | params | median (min–max) of iterations | unit |", "|---|---|---|---|"]
    n = 0
    for r in rows:
        if ".bench.ring." in r["benchmark"]:
            continue
        med, lo, hi, unit = metric(r, None)
        params = ", ".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
        lines.append(f"| {r['benchmark'].replace('org.shnn.bench.', '')} | {params} | {med:,.3f} ({lo:,.3f}–{hi:,.3f}) | {unit} |")
        n += 1
    return "\n".join(lines) if n else ""


def macro_table(macro):
    lines = ["| case | build Brian2 / SHNN (+ JIT warm-up) (s) | Brian2 run (s) | Brian2 RTF | SHNN wall (s) | SHNN RTF | "
             "speed-up (median of pairs) | events/s Brian2 | events/s SHNN | bytes/syn SHNN | "
             "rate E/I Brian2 (Hz) | rate E/I SHNN (Hz) | peak RSS Brian2 / SHNN (MB) | "
             "process CPU / wall Brian2, SHNN (s) |",
             "|" + "---|" * 14]
    for c in macro["cases"]:
        b = c.get("brian2") or {}
        pairs = c.get("pairs", [])
        b_runs = [p["brian2"]["run_s"] for p in pairs if p.get("brian2")] or ([b["run_s"]] if b else [])
        s_runs = [p["shnn"]["wall_s"] for p in pairs if p.get("shnn") and p["shnn"].get("wall_s")]
        med = lambda xs: sorted(xs)[len(xs) // 2] if xs else None
        b_run, s_run = med(b_runs), med(s_runs)
        s0 = next((p["shnn"] for p in pairs if p.get("shnn")), {})
        dur = macro["duration_s"]
        rate = lambda r: f"{r['exc']:.2f} / {r['inh']:.2f}" if r and r.get("exc") is not None else "—"
        rss_b = max([p["brian2"]["peak_rss_bytes"] for p in pairs if p.get("brian2")] + [b.get("peak_rss_bytes", 0)])
        rss_s = max([p["shnn"].get("peak_rss_bytes") or 0 for p in pairs if p.get("shnn")] + [0])
        sp = c.get("speedup_median")
        lines.append("| " + " | ".join([
            f"{c['model'].upper()} {c['neurons']:,} × {c['threads']}t",
            (f"{b['build_s']:.1f}" if b else "—") + " / " + (f"{s0['build_s']:.2f}" if s0.get("build_s") is not None else "—")
            + (f" + {s0['warmup_s']:.2f}" if s0.get("warmup_s") is not None else ""),
            f"{b_run:.3f}" if b_run else "—",
            f"{b_run / dur:.3f}" if b_run else "—",
            f"{s_run:.3f}" if s_run else "—",
            f"{s_run / dur:.3f}" if s_run else "—",
            ratio_cell(sp) if sp else "—",
            fmt(b["synaptic_events"] / b_run) if b and b_run else "—",
            fmt(s0.get("events_per_s")) if s0.get("events_per_s") else "—",
            f"{s0['bytes_per_synapse']:.2f}" if s0.get("bytes_per_synapse") else "—",
            rate(b.get("rate_hz")),
            rate(s0.get("rate_hz")),
            (f"{rss_b / 1e6:.0f}" if rss_b else "—") + " / " + (f"{rss_s / 1e6:.0f}" if rss_s else "—"),
            cpu_cell(pairs),
        ]) + " |" + (f" error: {c['error']}" if c.get("error") else ""))
    return "\n".join(lines)


def build_table(b):
    lines = [f"{b['date']}, load average {b['load']}; `mvn -B -ntp -q [-pl engine -am] clean package -DskipTests`, "
             "dependencies already in the local repository.", "",
             "| what | figure |", "|---|---|",
             f"| clean build, core modules (memory, layouts, codec, engine) | {b['core_clean_build_ms'] / 1000:.1f} s |",
             f"| clean build, everything (incl. native-interop, tests, bench uber jar) | {b['all_clean_build_ms'] / 1000:.1f} s |"]
    for jar, size in b["jars"].items():
        lines.append(f"| `{jar}` | {size / 1024:,.0f} KiB |")
    return "\n".join(lines)


def cpu_cell(pairs):
    """Median CPU time / wall time of the whole simulating process, Brian2 then SHNN.

    Brian2's binary includes synapse creation; SHNN's JVM includes start-up, JIT compilation and
    network construction. On a shared machine wall >> CPU means the process waited for a core.
    """
    def med(xs):
        xs = sorted(x for x in xs if x is not None)
        return xs[len(xs) // 2] if xs else None
    b_cpu = med([p["brian2"].get("cpu_s") for p in pairs if p.get("brian2")])
    b_wall = med([p["brian2"].get("binary_s") for p in pairs if p.get("brian2")])
    s_cpu = med([p["shnn"].get("process_cpu_s") for p in pairs if p.get("shnn")])
    s_wall = med([p["shnn"].get("process_wall_s") for p in pairs if p.get("shnn")])
    one = lambda c, w: (f"{c:.2f} / {w:.2f}" if w else f"{c:.2f}") if c is not None else "—"
    return one(b_cpu, b_wall) + ", " + one(s_cpu, s_wall)


def log_axis(values, pad=0.3):
    """(lo, hi) decades spanning values on a log10 axis."""
    logs = [math.log10(v) for v in values if v and v > 0] or [0.0]
    return math.floor(min(logs) - pad), math.ceil(max(logs) + pad)


def svg_chart(ring, macro):
    """Two panels on log10 axes: macro real-time factors (SHNN vs Brian2; shorter is faster) and the
    ring speed ratios (SHNN's speed ÷ baseline's; right of the 1x line = SHNN faster)."""
    w, x0, plot_w, bar, gap = 900, 200, 560, 13, 9
    parts, y = [], 40
    parts.append('<text x="10" y="24" font-size="16" font-weight="bold">SHNN benchmarks (bench/RESULTS.md)</text>')

    def axis(lo, hi, top, bottom, unit, mark_one):
        xs = lambda v: x0 + (math.log10(v) - lo) / (hi - lo) * plot_w
        for d in range(lo, hi + 1):
            x = x0 + (d - lo) / (hi - lo) * plot_w
            parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#ddd"/>')
            parts.append(f'<text x="{x:.1f}" y="{bottom + 12}" font-size="10" text-anchor="middle">{10.0 ** d:g}{unit}</text>')
        if mark_one and lo <= 0 <= hi:
            parts.append(f'<line x1="{xs(1):.1f}" y1="{top}" x2="{xs(1):.1f}" y2="{bottom}" stroke="black" stroke-dasharray="4 3"/>')
        return xs

    def bars(rows, series, lo, hi, top, fmt_value):
        xs = lambda v: x0 + (math.log10(v) - lo) / (hi - lo) * plot_w
        yy = top
        for label, values in rows:
            parts.append(f'<text x="10" y="{yy + bar * len(series) / 2 + 4:.0f}" font-size="11">{html.escape(label)}</text>')
            for k, (key, colour, who) in enumerate(series):
                v = values.get(key)
                yk = yy + k * bar
                if v and v > 0:
                    parts.append(f'<rect x="{x0}" y="{yk}" width="{max(xs(v) - x0, 1):.1f}" height="{bar - 2}" fill="{colour}"/>')
                    parts.append(f'<text x="{max(xs(v), x0) + 4:.1f}" y="{yk + bar - 3}" font-size="10">{who} {fmt_value(v)}</text>')
                else:
                    parts.append(f'<text x="{x0 + 4}" y="{yk + bar - 3}" font-size="10" fill="#888">{who}: not measured</text>')
            yy += len(series) * bar + gap
        return yy

    cases = macro["cases"] if macro else []
    if cases:
        parts.append(f'<text x="10" y="{y}" font-size="13" font-weight="bold">Real-time factor: wall s per simulated s '
                     '(log scale; shorter is faster)</text>')
        y += 10
        rows = []
        for c in cases:
            pairs = c.get("pairs", [])
            b = [p["brian2"]["run_s"] for p in pairs if p.get("brian2")] or ([c["brian2"]["run_s"]] if c.get("brian2") else [])
            sh = [p["shnn"]["wall_s"] for p in pairs if p.get("shnn") and p["shnn"].get("wall_s")]
            med = lambda xs: sorted(xs)[len(xs) // 2] / macro["duration_s"] if xs else None
            rows.append((f"{c['model'].upper()} {c['neurons']:,} × {c['threads']}t", {"shnn": med(sh), "brian2": med(b)}))
        lo, hi = log_axis([v for _, d in rows for v in d.values()])
        bottom = y + len(rows) * (2 * bar + gap)
        axis(lo, hi, y, bottom, "", False)
        series = [("shnn", "#1f77b4", "SHNN"), ("brian2", "#ff7f0e", "Brian2")]
        y = bars(rows, series, lo, hi, y, lambda v: f"{v:.3g}") + 30
    if ring:
        parts.append(f'<text x="10" y="{y}" font-size="13" font-weight="bold">Ring buffers: SHNN speed ÷ baseline speed '
                     '(log scale; right of the dashed 1x line = SHNN faster)</text>')
        y += 10
        rows = [(row["label"].split(" (")[0], row["ratios"]) for row in ring]
        lo, hi = log_axis([v for _, d in rows for v in d.values()] + [1.0])
        colours = {"jctools-values": "#2ca02c", "agrona": "#9467bd", "jctools": "#98df8a", "abq": "#8c564b"}
        series = [(b, colours[b], RING_VERSUS[b]) for b in RING_BASELINES]
        bottom = y + len(rows) * (len(series) * bar + gap)
        axis(lo, hi, y, bottom, "x", True)
        y = bars(rows, series, lo, hi, y, lambda v: f"{v:.2f}x") + 30
    h = y
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
            f'font-family="sans-serif">\n<rect width="{w}" height="{h}" fill="white"/>\n' + "\n".join(parts) + "\n</svg>\n")


def replace_block(text, name, body):
    begin, end = f"<!-- bench:{name}:begin -->", f"<!-- bench:{name}:end -->"
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    block = f"{begin}\n{body}\n{end}"
    if pattern.search(text):
        return pattern.sub(lambda _: block, text)
    return text.rstrip("\n") + "\n\n" + block + "\n"


def main():
    ap = argparse.ArgumentParser(description="renders SHNN benchmark results")
    ap.add_argument("--jmh", action="append", default=[])
    ap.add_argument("--macro")
    ap.add_argument("--build", help="build.json written by scripts/bench")
    ap.add_argument("--update", help="RESULTS.md to update in place")
    ap.add_argument("--svg")
    ap.add_argument("--note", default="", help="a line (command, date, load) placed above each table")
    a = ap.parse_args()
    rows = load_jmh([p for p in a.jmh if os.path.exists(p)])
    ring = ring_results(rows)
    macro = None
    if a.macro and os.path.exists(a.macro):
        with open(a.macro) as f:
            macro = json.load(f)
    blocks = {}
    if ring:
        blocks["ring"] = (a.note + "\n\n" if a.note else "") + ring_table(ring)
    other = other_jmh_table(rows)
    if other:
        blocks["jmh-other"] = (a.note + "\n\n" if a.note else "") + other
    if macro:
        blocks["macro"] = (f"Command: `{macro['command']}`; {macro['date']}; {macro['pairs']} pair(s) per case, "
                           f"{macro['duration_s']} s simulated.\n\n" + macro_table(macro))
    if a.build and os.path.exists(a.build):
        with open(a.build) as f:
            blocks["build"] = build_table(json.load(f))
    for name, body in blocks.items():
        print(f"## {name}\n{body}\n")
    if a.update:
        with open(a.update) as f:
            text = f.read()
        for name, body in blocks.items():
            text = replace_block(text, name, body)
        with open(a.update, "w") as f:
            f.write(text)
    if a.svg and (ring or macro):  # a run without JMH or macro results keeps the old chart
        with open(a.svg, "w") as f:
            f.write(svg_chart(ring, macro))
    if not blocks:
        print("report: no results found", file=sys.stderr)


if __name__ == "__main__":
    main()
