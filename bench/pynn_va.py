#!/usr/bin/env python3
"""PyNN's own Vogels-Abbott benchmark through PyNN backends, and the same network from SHNN's CLI (issue 14's speed).

The script is PyNN 0.10.1's examples/VAbenchmarks.py (4000 cells, 2 % connectivity; fetched from Debian's source
tarball and checked by native-interop/python/tests/pynn_upstream.py), run as a user would:
``python3 VAbenchmarks.py BACKEND COBA|CUBA`` with the ``pyNN.shnn`` shim on PYTHONPATH. Its simulated time is
fixed in the script (``tstop = 1000``): for 10 s the copy has that one line changed (checked to occur once), nothing
else. For each simulated duration, benchmark and backend this records
- the whole script, start to exit: wall, and the CPU of the process and its children (less inflated by a busy
  machine);
- the script's own "Build time" and "Simulation time" (PyNN's Timer around the network's description and run());
- for shnn, the backend's timeline (SHNN_PYNN_TIMINGS_OUT, see shnn.pynn.simulator): Python's start with PyNN,
  Neo and the backend imported, the JVM's start, the engine's build, the simulation, and the rest (Neo output);
- for shnn, the CLI (scripts/run FILE --duration S) on the very network the backend built (SHNN_PYNN_NETWORK_OUT):
  its build_s, warmup_s and wall_s (the CLI warms the JIT up untimed, the backend inside its simulation).

  bench/pynn_va.py --durations 1,10 --backends shnn,brian2 --out bench/results/pynn-va.json
Brian2 runs with its default preferences (Cython runtime when Cython is installed; its cache warm after the first
run). Prints the Markdown table for bench/RESULTS.md.
"""
import argparse
import datetime
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "native-interop", "python", "tests"))
import pynn_upstream  # noqa: E402

TSTOP_LINE = "tstop    = 1000  # (ms) simulaton duration"


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def timed(cmd, env, cwd, log):
    """(return code, wall s, CPU s of the child and its children, start as time.time())."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    t0 = time.perf_counter()
    with open(log, "w") as f:
        rc = subprocess.run(cmd, env=env, cwd=cwd, stdout=f, stderr=subprocess.STDOUT).returncode
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return rc, wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), started


def script_for(seconds, work):
    """The benchmark script in ``work`` (a fresh copy of PyNN's examples) for ``seconds`` simulated."""
    if not os.path.exists(os.path.join(work, "VAbenchmarks.py")):
        shutil.copytree(pynn_upstream.examples_dir(), work, dirs_exist_ok=True)
    if seconds == 1:
        return "VAbenchmarks.py"
    with open(os.path.join(work, "VAbenchmarks.py")) as f:
        text = f.read()
    if text.count(TSTOP_LINE) != 1:
        raise SystemExit("VAbenchmarks.py no longer has the line %r once" % TSTOP_LINE)
    name = "VAbenchmarks_%gs.py" % seconds
    with open(os.path.join(work, name), "w") as f:
        f.write(text.replace(TSTOP_LINE, "tstop    = %d  # (ms) changed by bench/pynn_va.py" % (seconds * 1000)))
    return name


def printed(log, label):
    """A value the script prints as 'label : value ...'."""
    with open(log) as f:
        m = re.search(r"^%s\s*:\s*([-+0-9.e]+)" % re.escape(label), f.read(), re.M)
    return float(m.group(1)) if m else None


def run_case(bm, seconds, backend, tmp):
    work = os.path.join(tmp, "%s_%s_%g" % (backend, bm, seconds))
    os.makedirs(work)
    script = script_for(seconds, work)
    env = pynn_upstream.environment()
    timings = os.path.join(work, "timings.json")
    network = os.path.join(work, "network.json")
    if backend == "shnn":
        env["SHNN_PYNN_NETWORK_OUT"] = network
        env["SHNN_PYNN_TIMINGS_OUT"] = timings
    log = os.path.join(work, "script.log")
    row = {"backend": backend, "benchmark": bm, "cells": 4000, "seconds": seconds, "load_before": load()}
    rc, wall, cpu, started = timed(["/usr/bin/python3", script, backend, bm], env, work, log)
    row.update(load_after=load(), rc=rc, script_wall_s=wall, script_cpu_s=cpu)
    if rc != 0:
        with open(log) as f:
            row["error"] = f.read()[-600:]
        return row
    row.update(build_s=printed(log, "Build time"), run_s=printed(log, "Simulation time"),
               exc_rate_hz=printed(log, "Excitatory rate"), inh_rate_hz=printed(log, "Inhibitory rate"))
    if backend == "shnn":
        with open(timings) as f:
            t = json.load(f)
        marks = {k: v - started for k, v in t.pop("at").items()}  # seconds since the script's start
        row["backend_timings"] = t
        row["marks"] = marks
        summary = os.path.join(work, "cli.json")
        rc, wall, cpu, _ = timed([os.path.join(ROOT, "scripts", "run"), network, "--duration", str(seconds),
                                  "--summary-json", summary], os.environ, work, log + ".cli")
        if rc == 0:
            with open(summary) as f:
                c = json.load(f)
            row["cli"] = {"whole_wall_s": wall, "whole_cpu_s": cpu, "build_s": c["build_s"], "wall_s": c["wall_s"],
                          "warmup_s": c.get("warmup_s"), "spikes": c["spikes"]}
        else:
            row["cli"] = {"rc": rc}
    return row


def fmt(x):
    return "—" if x is None else "%.2f" % x


HEADER = ("| backend | benchmark | simulated | whole script wall / CPU (s) | imports done at (s) | script's build (s) "
          "| script's simulation (s) | JVM start (s) | engine build (s) | simulation wall / CPU (s) "
          "| CLI build / warm-up / simulation (s) | simulation / CLI simulation | simulation / CLI (warm-up + "
          "simulation) | exc / inh rate (Hz) | load before / after |")


def table(rows):
    out = [HEADER, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for r in rows:
        if r["rc"] != 0:
            last = r["error"].strip().splitlines()[-1][:120] if r["error"].strip() else ""
            out.append("| %s | %s | %g s | failed (exit %d): %s |||||||||||| %s / %s |" % (
                r["backend"], r["benchmark"], r["seconds"], r["rc"], last, r["load_before"], r["load_after"]))
            continue
        t = r.get("backend_timings", {})
        cli = r.get("cli") or {}
        sim = t.get("simulate_s")
        ratio = sim / cli["wall_s"] if sim and cli.get("wall_s") else None
        ratio_w = sim / (cli["wall_s"] + cli["warmup_s"]) if sim and cli.get("wall_s") and cli.get("warmup_s") \
            is not None else None
        out.append("| %s | %s | %g s | %s / %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s |" % (
            r["backend"], r["benchmark"], r["seconds"], fmt(r["script_wall_s"]), fmt(r["script_cpu_s"]),
            fmt(r.get("marks", {}).get("imported")), fmt(r["build_s"]), fmt(r["run_s"]), fmt(t.get("jvm_s")),
            fmt(t.get("engine_build_s")),
            ("%s / %s" % (fmt(sim), fmt(t.get("simulate_cpu_s")))) if sim is not None else "—",
            ("%s / %s / %s" % (fmt(cli["build_s"]), fmt(cli["warmup_s"]), fmt(cli["wall_s"]))) if "wall_s" in cli
            else "—", fmt(ratio), fmt(ratio_w), r["exc_rate_hz"], r["inh_rate_hz"], r["load_before"],
            r["load_after"]))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--durations", default="1,10", help="simulated seconds, comma-separated")
    ap.add_argument("--backends", default="shnn,brian2")
    ap.add_argument("--benchmarks", default="COBA,CUBA")
    ap.add_argument("--out", help="raw results (JSON)")
    a = ap.parse_args()
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print("bench: PyNN's VAbenchmarks.py, %s, JDK %s, load %s, %d cores" % (
        started, os.environ.get("JAVA_HOME"), load(), os.cpu_count()), flush=True)
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
                       "script": "PyNN 0.10.1 examples/VAbenchmarks.py", "rows": rows}, f, indent=1)
        print("bench: raw data %s" % a.out)


if __name__ == "__main__":
    main()
