#!/usr/bin/env python3
"""Threads on a busy machine: SHNN's CLI with 1 and 2 threads, idle and with one CPU-bound process per core.

Issue 18's second goal: with one other CPU-bound process per core running, 2 threads are never more than 10%
slower than 1 thread; on an idle machine 2 threads are at least 1.7x faster than 1 from 40k neurons up.
For each load ("idle": whatever else runs on the machine, recorded as the load average; "busy": this script
also starts one `while :; do :; done` shell per core and stops them by pid afterwards), each case
(model:neurons) and each repetition, it runs the CLI with 1 and with 2 threads, alternating which goes first,
and reports the simulation wall time (the CLI's wall_s: network build and JIT warm-up excluded) and the
speed-up of 2 threads over 1 (median of the per-repetition ratios; > 1 means 2 threads are faster). With
--also LABEL=CMD (repeatable), other CLIs (e.g. older engines built elsewhere) run interleaved with the first.
With --ceiling, each repetition also runs two 1-thread copies of the first CLI at once: 2 x (1 thread alone) /
(the slower copy) is what two independent processes gain on the machine as it is, the ceiling for 2 threads
(about 2 on two free cores; less when the cores are shared, or are SMT siblings on the host).

  bench/threads.py --cases coba:4000,cuba:4000,coba:40000,cuba:40000 --reps 3 --loads idle,busy \
      --out bench/results/threads.json
"""
import argparse
import datetime
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import macro  # bench/macro.py, beside this file

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def start_hogs(n):
    """n CPU-bound shells (one per core); returned so that stop_hogs ends exactly these."""
    return [subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(n)]


def stop_hogs(hogs):
    for h in hogs:
        h.send_signal(signal.SIGTERM)
    for h in hogs:
        h.wait()


EXTRA = []  # more CLI options for every run (--cli-option)


def run_cli(cmd, model, neurons, threads, duration, log):
    return run_clis(cmd, model, neurons, threads, duration, log, 1)[0]


def run_clis(cmd, model, neurons, threads, duration, log, copies):
    """copies runs of the same CLI started together (2 for the ceiling: what two independent processes get)."""
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        for c in range(copies):
            out = os.path.join(tmp, f"summary-{c}.json")
            full = cmd + ["--model", model, "--neurons", str(neurons), "--threads", str(threads),
                          "--duration", str(duration), "--summary-json", out] + EXTRA
            procs.append((full, out, subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
        results = []
        for full, out, p in procs:
            stdout = p.communicate()[0]
            with open(log, "a") as f:
                f.write("$ " + " ".join(full) + ("  (together with another copy)" if copies > 1 else "") + "\n"
                        + stdout + "\n")
            if p.returncode != 0:
                raise RuntimeError(f"{' '.join(full)} exited with {p.returncode}: {stdout[-2000:]}")
            results.append(summary_of(out))
        return results


def summary_of(out):
    with open(out) as f:
        s = json.load(f)
    # threads_used: the CLI's --threads is a ceiling (a network too small to split runs on fewer), see RESULTS 12c
    return {"wall_s": s["wall_s"], "sha256": s["raster_sha256"], "warmup_s": s.get("warmup_s"),
            "threads_used": s.get("threads"), "steps_on_one_thread": s.get("steps_on_one_thread")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default="coba:4000,cuba:4000,coba:40000,cuba:40000")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--duration", type=float, default=1.0)
    ap.add_argument("--loads", default="idle,busy", help="comma list of idle, busy")
    ap.add_argument("--hogs", type=int, default=os.cpu_count(), help="CPU-bound processes in the busy load")
    ap.add_argument("--shnn-cmd", default=os.path.join(ROOT, "scripts", "run"))
    ap.add_argument("--also", action="append", default=[], metavar="LABEL=CMD",
                    help="another CLI to run interleaved with the first (repeatable)")
    ap.add_argument("--cli-option", action="append", default=[],
                    help="an option passed to every CLI run, e.g. --exact-threads (repeatable)")
    ap.add_argument("--ceiling", action="store_true",
                    help="also run two 1-thread copies of the first CLI at once per repetition: 2 x (1 thread alone) /"
                         " (slower copy) is the speed-up two independent processes get on this machine now, the"
                         " ceiling for 2 threads (about 2 on two free cores, less on shared or SMT cores)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    macro.loop_only_env()
    EXTRA.extend(a.cli_option)
    log = os.path.splitext(a.out)[0] + ".log"
    open(log, "w").close()
    impls = [("shnn", a.shnn_cmd.split())]
    for also in a.also:
        label, cmd = also.split("=", 1)
        impls.append((label, cmd.split()))
    result = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "command": " ".join(sys.argv), "java_home": os.environ.get("JAVA_HOME"), "hogs": a.hogs,
              "duration_s": a.duration, "runs": []}
    for load_name in a.loads.split(","):
        hogs = start_hogs(a.hogs) if load_name == "busy" else []
        try:
            time.sleep(1 if hogs else 0)
            for case in a.cases.split(","):
                model, neurons = case.split(":")
                for rep in range(a.reps):
                    order = (1, 2) if rep % 2 == 0 else (2, 1)
                    for impl, cmd in impls:
                        for t in order:
                            before = load()
                            r = run_cli(cmd, model, int(neurons), t, a.duration, log)
                            r.update({"load": load_name, "impl": impl, "model": model, "neurons": int(neurons),
                                      "threads": t, "rep": rep, "loadavg_before": before, "loadavg_after": load()})
                            print(f"  {load_name:4} {impl:8} {model} {neurons:>6} x{t} (ran {r['threads_used']}, steps on one: {r['steps_on_one_thread']}) rep {rep}: {r['wall_s']:.3f} s"
                                  f" (load {before})", file=sys.stderr, flush=True)
                            result["runs"].append(r)
                    if a.ceiling:
                        before = load()
                        pair = run_clis(impls[0][1], model, int(neurons), 1, a.duration, log, 2)
                        for r in pair:
                            r.update({"load": load_name, "impl": impls[0][0], "model": model, "neurons": int(neurons),
                                      "threads": "1+1", "rep": rep, "loadavg_before": before, "loadavg_after": load()})
                            result["runs"].append(r)
                        print(f"  {load_name:4} {impls[0][0]:8} {model} {neurons:>6} two 1-thread copies at once rep {rep}: "
                              f"{pair[0]['wall_s']:.3f}, {pair[1]['wall_s']:.3f} s (load {before})", file=sys.stderr, flush=True)
        finally:
            stop_hogs(hogs)
    result["summary"] = summarise(result["runs"])
    with open(a.out, "w") as f:
        json.dump(result, f, indent=2)
    print(table(result))


def summarise(runs):
    rows = []
    keys = sorted({(r["load"], r["impl"], r["model"], r["neurons"]) for r in runs},
                  key=lambda k: (k[0] != "idle", k[2], k[3], k[1]))
    for key in keys:
        sel = [r for r in runs if (r["load"], r["impl"], r["model"], r["neurons"]) == key]
        one = {r["rep"]: r["wall_s"] for r in sel if r["threads"] == 1}
        two = {r["rep"]: r["wall_s"] for r in sel if r["threads"] == 2}
        ratios = [one[k] / two[k] for k in sorted(one) if k in two]
        pairs = {}
        for r in sel:
            if r["threads"] == "1+1":
                pairs[r["rep"]] = max(pairs.get(r["rep"], 0.0), r["wall_s"])
        ceilings = [2 * one[k] / pairs[k] for k in sorted(pairs) if k in one]
        rows.append({"load": key[0], "impl": key[1], "model": key[2], "neurons": key[3],
                     "wall_1t_s": sorted(one.values()), "wall_2t_s": sorted(two.values()),
                     "speedup_median": statistics.median(ratios), "speedup_min": min(ratios),
                     "speedup_max": max(ratios),
                     "ceiling_median": statistics.median(ceilings) if ceilings else None,
                     "loadavg": sorted({r["loadavg_before"] for r in sel})[0] + " .. "
                     + sorted({r["loadavg_after"] for r in sel})[-1],
                     "sha_identical": len({r["sha256"] for r in sel}) == 1})
    return rows


def table(result):
    lines = ["| load | engine | case | 1 thread wall (s) | 2 threads wall (s) | speed-up 2t/1t median (min-max) "
             "| ceiling: two 1-thread copies at once | load average | rasters identical |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in result["summary"]:
        f = lambda xs: ", ".join(f"{x:.3f}" for x in xs)
        ceiling = "-" if r["ceiling_median"] is None else f"{r['ceiling_median']:.2f}x"
        lines.append(f"| {r['load']} | {r['impl']} | {r['model'].upper()} {r['neurons']:,} | {f(r['wall_1t_s'])} | "
                     f"{f(r['wall_2t_s'])} | **{r['speedup_median']:.2f}x** ({r['speedup_min']:.2f}-"
                     f"{r['speedup_max']:.2f}) | {ceiling} | {r['loadavg']} | {'yes' if r['sha_identical'] else 'NO'} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
