#!/usr/bin/env python3
"""Runs an already built Brian2 standalone project again and prints its timing as JSON.

`rerun.py DIR`: executes DIR/main (through rss_wrap.py) and reports Brian2's own loop time from
DIR/results/last_run_info.txt (`run_s`, the same figure va_common reports), the binary's wall time
(`binary_s`) and its peak RSS. The spike counts do not change between runs (the seed is compiled
in), so the first run's JSON keeps them. Used by macro.py to alternate SHNN and Brian2 runs
without regenerating code.
"""
import json
import os
import subprocess
import sys
import time

import va_common

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: rerun.py STANDALONE_DIR")
    d = os.path.abspath(sys.argv[1])
    if not os.access(os.path.join(d, "main"), os.X_OK):
        sys.exit(f"error: {d}/main is not a built Brian2 standalone binary")
    rss_file = os.path.join(d, "results", "peak_rss_bytes")
    t0 = time.perf_counter()
    with open(os.path.join(d, "results", "stdout.txt"), "w") as out:
        code = subprocess.call([sys.executable, os.path.join(HERE, "rss_wrap.py"), rss_file, "./main"],
                               cwd=d, stdout=out, env=dict(os.environ, LD_BIND_NOW="1",
                                                           OMP_WAIT_POLICY=va_common.OMP_WAIT_POLICY))
    binary_s = time.perf_counter() - t0
    if code != 0:
        sys.exit(f"error: {d}/main exited with {code}")
    with open(os.path.join(d, "results", "last_run_info.txt")) as f:
        run_s, completed = (float(x) for x in f.read().split())
    with open(rss_file) as f:
        rss = int(f.read())
    with open(rss_file + ".cpu") as f:
        cpu = float(f.read())
    print(json.dumps({"run_s": run_s, "binary_s": binary_s, "cpu_s": cpu, "peak_rss_bytes": rss,
                      "completed_fraction": completed}))


if __name__ == "__main__":
    main()
