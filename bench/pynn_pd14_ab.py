#!/usr/bin/env python3
"""PyNN's own Potjans2014 microcircuit on shnn from two source trees, alternated: a change as a PyNN user meets it.

The script is PyNN 0.10.1's examples/Potjans2014/microcircuit.py with native-interop/python/tests/pynn_upstream.py's
POTJANS_EDITS (the shnn backend, 0.1 of the neurons and in-degrees, 1 s), run as a user would:
``/usr/bin/python3 microcircuit.py`` with the tree's ``pyNN.shnn`` shim and ``shnn`` package on PYTHONPATH, in a
work folder of its own per tree. Each tree needs its native library (scripts/build-native in it). Per run:
- the wall time from start to exit, and the peak resident memory of the process (its embedded JVM included);
- the script's own "Simulation took" (the engine's build and run) and "Writing data took" (get_data of every
  population and the text files);
- a digest of the spike files the script writes (results/spikes_*.txt, every recorded cortical spike), which must
  be the same for both trees unless the change means to move them (the script says so when they differ).
The pairs alternate which tree runs first. Prints every run, then the median and range of the pair ratios new/base
of the wall time, and writes the runs as JSON with --out.

  bench/pynn_pd14_ab.py --base /tmp/base --pairs 6 --out bench/results/pynn-pd14-ab.json
"""
import argparse
import datetime
import glob
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "native-interop", "python", "tests"))
import pynn_upstream  # noqa: E402


def run_once(tree, workdir):
    """One run of the prepared script in ``workdir`` with ``tree``'s packages: a dict of its figures."""
    python = os.path.join(tree, "native-interop", "python")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.join(python, "pynn_shim"), python]))
    env.setdefault("MPLBACKEND", "Agg")
    start = time.perf_counter()
    proc = subprocess.Popen(["/usr/bin/python3", "microcircuit.py"], cwd=workdir, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit("microcircuit.py with %s failed (exit %d):\n%s" % (tree, proc.returncode, out))

    def seconds(label):
        m = re.search(r"^%s ([0-9.eE+-]+) s$" % label, out, re.M)
        return float(m.group(1)) if m else None

    spikes = hashlib.md5()
    files = sorted(glob.glob(os.path.join(workdir, "results", "spikes_*.txt")))
    if not files:
        raise SystemExit("microcircuit.py with %s wrote no results/spikes_*.txt:\n%s" % (tree, out))
    for path in files:
        with open(path, "rb") as f:
            spikes.update(f.read())
    return {"wall_s": wall, "peak_rss_mb": usage.ru_maxrss / 1024.0, "simulation_s": seconds("Simulation took"),
            "writing_s": seconds("Writing data took"), "spikes_md5": spikes.hexdigest()[:8],
            "load": os.getloadavg()[0]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, help="the tree to compare against (e.g. a git worktree)")
    ap.add_argument("--new", default=ROOT, help="the tree with the change (default: this one)")
    ap.add_argument("--pairs", type=int, default=6)
    ap.add_argument("--out", help="write the runs here (JSON)")
    a = ap.parse_args()
    trees = {"base": os.path.abspath(a.base), "new": os.path.abspath(a.new)}
    runs = []
    with tempfile.TemporaryDirectory(prefix="shnn-pd14-ab-") as tmp:
        work = {}
        for name in trees:
            work[name] = os.path.join(tmp, name)
            pynn_upstream.potjans2014_workdir(work[name])
        for i in range(a.pairs):
            order = ("base", "new") if i % 2 == 0 else ("new", "base")
            for name in order:
                r = dict(run_once(trees[name], work[name]), tree=name, pair=i)
                runs.append(r)
                print("pair %d %-4s wall %.2f s, simulation %s s, writing %s s, peak RSS %.0f MB, spikes %s, load %.2f"
                      % (i, name, r["wall_s"], r["simulation_s"], r["writing_s"], r["peak_rss_mb"], r["spikes_md5"],
                         r["load"]), flush=True)
    ratios = []
    for i in range(a.pairs):
        by = {r["tree"]: r for r in runs if r["pair"] == i}
        ratios.append(by["new"]["wall_s"] / by["base"]["wall_s"])
    digests = {r["tree"]: r["spikes_md5"] for r in runs}
    if len({r["spikes_md5"] for r in runs}) != 1:
        print("note: the spikes differ between runs: %s" % sorted({(r["tree"], r["spikes_md5"]) for r in runs}))
    print("new/base wall: median pair ratio %.2f (%.2f-%.2f), %d pairs; spikes %s"
          % (statistics.median(ratios), min(ratios), max(ratios), a.pairs, digests))
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                       "trees": trees, "runs": runs, "pair_ratios": ratios}, f, indent=1)


if __name__ == "__main__":
    main()
