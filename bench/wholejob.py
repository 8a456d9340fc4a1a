#!/usr/bin/env python3
"""Whole job, as a user feels it (issue 18 item 1): wall and CPU time from process start to exit of the default
SHNN run (`scripts/run`: COBA 4000, 1 s) against Brian2 2.5.1 on the same network (brian2/coba_job.py): the
runtime device with its Cython cache warm, and C++ standalone in a fresh directory (code generation and
compilation included). The commands run alternately, --reps times; one untimed run of each first (SHNN's build
and AOT-cache training, Brian2's Cython cache). CPU = user + system of the process and its children. For SHNN
also its printed `whole job` (counted inside the JVM from its start) and the wall time outside it (the launcher
script, the JVM's creation before its clock starts, its exit).

Usage: wholejob.py [--reps N] [--also LABEL=CMD ...] [--no-brian2] --out FILE.json; prints a markdown table.
Standard library only.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = os.environ.get("SHNN_BRIAN_PYTHON", "/usr/bin/python3")


def timed(cmd):
    r0 = os.times()
    t0 = time.perf_counter()
    p = subprocess.run(cmd, shell=True, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - t0
    r1 = os.times()
    if p.returncode != 0:
        raise RuntimeError(f"{cmd} exited with {p.returncode}: {p.stdout[-2000:]}")
    cpu = (r1.children_user - r0.children_user) + (r1.children_system - r0.children_system)
    sha = re.search(r"raster SHA-256\s+(\w+)", p.stdout)
    rates = re.findall(r"rate (?:exc|inh)\s+([0-9.]+)", p.stdout) or re.findall(r"(exc|inh) ([0-9.]+) Hz", p.stdout)
    inside = re.search(r"whole job\s+([0-9.]+) s", p.stdout)  # SHNN's own count, from the JVM's start
    return {"wall_s": wall, "cpu_s": cpu, "load1": os.getloadavg()[0], "sha": sha.group(1)[:8] if sha else None,
            "in_jvm_s": float(inside.group(1)) if inside else None,
            "out_tail": p.stdout[-600:]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--also", action="append", default=[], help="LABEL=CMD: another command timed the same way")
    ap.add_argument("--no-brian2", action="store_true")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="wholejob-")
    cmds = [("shnn", "scripts/run")] + [tuple(x.split("=", 1)) for x in a.also]
    if not a.no_brian2:
        cmds += [("brian2 runtime (cache warm)", f"{PY} bench/brian2/coba_job.py --device runtime"),
                 ("brian2 standalone (with compilation)", f"{PY} bench/brian2/coba_job.py --device cpp_standalone --dir {tmp}/sa")]
    runs = {label: [] for label, _ in cmds}
    for label, cmd in cmds:  # untimed: builds, AOT cache, Cython cache
        print(f"untimed {label}: {cmd}", file=sys.stderr, flush=True)
        timed(cmd)
    for r in range(a.reps):
        for label, cmd in cmds:
            shutil.rmtree(f"{tmp}/sa", ignore_errors=True)
            x = timed(cmd)
            runs[label].append(x)
            print(f"rep {r} {label}: wall {x['wall_s']:.3f} s cpu {x['cpu_s']:.3f} s load {x['load1']:.1f} sha {x['sha']}",
                  file=sys.stderr, flush=True)
    shutil.rmtree(tmp, ignore_errors=True)
    with open(a.out, "w") as f:
        json.dump({"date_utc": time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime()), "reps": a.reps,
                   "commands": dict(cmds), "runs": runs}, f, indent=1)
    print("| command | whole job wall (s), median (min-max) | CPU (s), median | SHNN's printed whole job (s), median "
          "| wall outside it (s), median | load average (1 min) | raster |")
    print("|---|---|---|---|---|---|---|")
    for label, _ in cmds:
        w = [x["wall_s"] for x in runs[label]]
        c = [x["cpu_s"] for x in runs[label]]
        loads = [x["load1"] for x in runs[label]]
        shas = sorted({x["sha"] for x in runs[label] if x["sha"]})
        inside = [x["in_jvm_s"] for x in runs[label] if x.get("in_jvm_s") is not None]
        outside = [x["wall_s"] - x["in_jvm_s"] for x in runs[label] if x.get("in_jvm_s") is not None]
        med = lambda v: f"{statistics.median(v):.2f}" if v else "-"
        print(f"| {label} | {statistics.median(w):.2f} ({min(w):.2f}-{max(w):.2f}) | {statistics.median(c):.2f} | "
              f"{med(inside)} | {med(outside)} | {min(loads):.1f}-{max(loads):.1f} | {', '.join(shas) or '-'} |")


if __name__ == "__main__":
    main()
