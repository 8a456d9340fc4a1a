#!/usr/bin/env python3
"""PyNN's Vogels-Abbott benchmark through PyNN backends, and the same network from SHNN's CLI (issue 14's speed).

For each benchmark (COBA, CUBA), simulated duration and backend (shnn, brian2), runs
native-interop/python/tests/pynn_examples/va_benchmark.py (4000 cells) as a separate process and records the whole
script (start to exit: wall, and the CPU of the process and its children, which a busy machine inflates less),
PyNN's build (the script's network description) and run() (for shnn split into the JVM's start, the engine's build
and the simulation, from the backend's timings). For shnn, the backend also writes the network it built
(SHNN_PYNN_NETWORK_OUT) and the CLI (scripts/run FILE) runs that same network for the same duration: its build
and simulation wall (the CLI's build_s and wall_s) are the reference of the "within 1.2x" goal.

  bench/pynn_va.py --durations 1,10 --backends shnn,brian2 --out bench/results/pynn-va.json
Prints the Markdown table for bench/RESULTS.md.
"""
import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCRIPT = os.path.join(ROOT, "native-interop", "python", "tests", "pynn_examples", "va_benchmark.py")


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def timed(cmd, env, cwd, log):
    """(return code, wall s, CPU s of the child and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(log, "w") as f:
        rc = subprocess.run(cmd, env=env, cwd=cwd, stdout=f, stderr=subprocess.STDOUT).returncode
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return rc, wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_case(bm, seconds, backend, tmp):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(ROOT, "native-interop", "python") + os.pathsep + env.get("PYTHONPATH", "")
    network = os.path.join(tmp, "va_%s.json" % bm)
    if backend == "shnn":
        env["SHNN_PYNN_NETWORK_OUT"] = network
    log = os.path.join(tmp, "%s_%s_%g.log" % (backend, bm, seconds))
    cmd = [sys.executable, "-m", "shnn.pynn", SCRIPT, backend, bm, "--tstop", str(seconds * 1000.0), "--out", tmp]
    row = {"backend": backend, "benchmark": bm, "cells": 4000, "seconds": seconds, "load_before": load()}
    rc, wall, cpu = timed(cmd, env, tmp, log)
    row.update(load_after=load(), rc=rc, script_wall_s=wall, script_cpu_s=cpu)
    if rc != 0:
        with open(log) as f:
            row["error"] = f.read()[-400:]
        return row
    with open(os.path.join(tmp, "va_%s_%s.json" % (bm, backend))) as f:
        r = json.load(f)
    row.update({k: r[k] for k in ("build_s", "run_s", "exc_rate_hz", "inh_rate_hz", "import_s")},
               backend_timings=r.get("backend_timings", {}))
    if backend == "shnn":
        summary = os.path.join(tmp, "cli_%s.json" % bm)
        rc, wall, cpu = timed([os.path.join(ROOT, "scripts", "run"), network, "--duration", str(seconds),
                               "--summary-json", summary], os.environ, tmp, log + ".cli")
        if rc == 0:
            with open(summary) as f:
                c = json.load(f)
            row["cli"] = {"whole_wall_s": wall, "whole_cpu_s": cpu, "build_s": c["build_s"], "wall_s": c["wall_s"],
                          "warmup_s": c.get("warmup_s"), "spikes": c["spikes"]}
    return row


def fmt(x):
    return "—" if x is None else "%.2f" % x


def table(rows):
    out = ["| backend | benchmark | simulated | whole script wall (s) | whole script CPU (s) | PyNN build (s) | "
           "run() (s) | JVM start (s) | engine build (s) | simulation (s) | CLI same network: build / simulation (s) "
           "| simulation / CLI | exc / inh rate (Hz) | load before/after |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for r in rows:
        if r["rc"] != 0:
            out.append("| %s | %s | %g s | failed (exit %d): %s |||||||||| %s / %s |" % (
                r["backend"], r["benchmark"], r["seconds"], r["rc"], r["error"].strip().splitlines()[-1][:120],
                r["load_before"], r["load_after"]))
            continue
        t = r.get("backend_timings", {})
        cli = r.get("cli")
        ratio = t["simulate_s"] / cli["wall_s"] if cli and t.get("simulate_s") else None
        out.append("| %s | %s | %g s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.2f / %.2f | %s / %s |" % (
            r["backend"], r["benchmark"], r["seconds"], fmt(r["script_wall_s"]), fmt(r["script_cpu_s"]),
            fmt(r["build_s"]), fmt(r["run_s"]), fmt(t.get("jvm_s")), fmt(t.get("engine_build_s")),
            fmt(t.get("simulate_s")), ("%s / %s" % (fmt(cli["build_s"]), fmt(cli["wall_s"]))) if cli else "—",
            fmt(ratio), r["exc_rate_hz"], r["inh_rate_hz"], r["load_before"], r["load_after"]))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--durations", default="1,10", help="simulated seconds, comma-separated")
    ap.add_argument("--backends", default="shnn,brian2")
    ap.add_argument("--benchmarks", default="COBA,CUBA")
    ap.add_argument("--out", help="raw results (JSON)")
    a = ap.parse_args()
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print("bench: PyNN VA benchmark, %s, JDK %s, load %s, %d cores" % (started, os.environ.get("JAVA_HOME"), load(),
                                                                       os.cpu_count()), flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="shnn-pynn-bench-") as tmp:
        for seconds in [float(s) for s in a.durations.split(",")]:
            for bm in a.benchmarks.split(","):
                for backend in a.backends.split(","):
                    rows.append(run_case(bm, seconds, backend, tmp))
                    print(table(rows[-1:]).splitlines()[-1], flush=True)
    print(table(rows))
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"started": started, "command": " ".join(sys.argv), "java_home": os.environ.get("JAVA_HOME"),
                       "rows": rows}, f, indent=1)
        print("bench: raw data %s" % a.out)


if __name__ == "__main__":
    main()
