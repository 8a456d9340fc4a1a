#!/usr/bin/env python3
"""Late compilations of a paced run: what C2 still compiles of SHNN after the paced loop has started.

Issues 15 and 18 (bench/RESULTS.md sections 26 and 35): a paced run falls behind at its start while C2 compiles
the parts of a step that the JIT warm-up (engine `run/KernelWarmUp`) did not run enough. This counts them with a
figure that does not depend on the machine's load: the JVM's own compilation log. For each repetition and each
command (alternated; each command once untimed first, which builds it and trains its AOT cache), it runs

    CMD --realtime FACTOR --duration S --summary-json TMP

with `SHNN_JAVA_OPTS=-Xlog:class+load=info,jit+compilation=debug:file=LOG:uptime,tags` (scripts/run passes
SHNN_JAVA_OPTS to the JVM), takes the moment the paced loop starts as the loading of `org.shnn.engine.live.Pacer`
(LiveRunner creates its pacer after the warm-up, right before the first paced step), and reports:
  - late tier-4: `org.shnn` methods C2 compiled (tier 4, OSR included) after that moment, with their names;
  - late deopts: `org.shnn` compiled methods made not entrant by an uncommon trap after it (a profile the warm-up
    gave that the run broke);
  - the pacing figures of the summary JSON (`realtime`: steps behind by more than the tolerance, the first of them,
    lag p99 and max) and the whole job (the CLI's `whole_job_s`, the process's CPU time: user + system).
The names are grouped as the step path (`org.shnn.engine.run`, `.synapse`, `.neuron`, `.record`, `.input`,
`.random`) and the rest (the live runner and its pacer, the CLI).

  bench/late_compiles.py --reps 3 --duration 5 --also "before=/tmp/clone/scripts/run" --out F.json
"""
import argparse
import datetime
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
UPTIME = re.compile(r"^\[(\d+\.\d+)s\]")
# -Xlog:jit+compilation=debug prints PrintCompilation's line: id, flags (%: OSR, s, !, b, n), tier, method, size
COMPILE = re.compile(r"^\[(\d+\.\d+)s\]\[jit,compilation *\]\s+\d+\s+([%sbn! ]*?)\s*(\d)\s+([\w.$]+::[\w<>$]+)(.*)$")
STEP_PATH = ("org.shnn.engine.run.", "org.shnn.engine.synapse.", "org.shnn.engine.neuron.", "org.shnn.engine.record.",
             "org.shnn.engine.input.", "org.shnn.engine.random.")


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run(cmd, duration, factor):
    with tempfile.TemporaryDirectory(prefix="late-compiles-") as tmp:
        log = os.path.join(tmp, "jit.log")
        summary = os.path.join(tmp, "summary.json")
        env = dict(os.environ)
        env["SHNN_JAVA_OPTS"] = (env.get("SHNN_JAVA_OPTS", "") + " -Xlog:class+load=info,jit+compilation=debug:file="
                                 + log + ":uptime,tags").strip()
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        p = subprocess.run(cmd.split() + ["--realtime", str(factor), "--duration", str(duration), "--summary-json",
                                          summary], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        wall = time.monotonic() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        if p.returncode != 0:
            sys.exit("late_compiles: '%s' failed (exit %d):\n%s" % (cmd, p.returncode, p.stderr[-2000:]))
        with open(summary) as f:
            s = json.load(f)
        start = None
        late4, deopts = [], []
        with open(log, errors="replace") as f:
            lines = f.readlines()
        for line in lines:
            if start is None and "org.shnn.engine.live.Pacer " in line and "[class,load" in line:
                start = float(UPTIME.match(line).group(1))
        if start is None:
            sys.exit("late_compiles: no loading of org.shnn.engine.live.Pacer in the JVM log of '%s' (not a paced run?)"
                     % cmd)
        for line in lines:
            m = COMPILE.match(line)
            if not m or float(m.group(1)) < start or not m.group(4).startswith("org.shnn."):
                continue
            name = m.group(4) + (" (OSR)" if "%" in m.group(2) else "")
            if "made not entrant: uncommon trap" in m.group(5):
                deopts.append(name + " tier " + m.group(3))
            elif m.group(3) == "4" and "made zombie" not in m.group(5) and "made not entrant" not in m.group(5):
                late4.append(name)
        rt = s.get("realtime", {})
        return {"wall_s": wall, "cpu_s": (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime),
                "whole_job_s": s.get("whole_job_s"), "load1": os.getloadavg()[0], "paced_from_s": start,
                "late_tier4": late4, "late_tier4_step_path": [n for n in late4 if n.startswith(STEP_PATH)],
                "late_deopts": deopts, "behind_steps": rt.get("behind_steps"),
                "first_behind_step": rt.get("first_behind_step"), "lag_p99_ns": rt.get("lag_ns", {}).get("p99"),
                "lag_max_ns": rt.get("lag_ns", {}).get("max"), "jitter_p99_ns": rt.get("jitter_ns", {}).get("p99")}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--duration", type=float, default=5.0, help="simulated seconds per run (default 5)")
    ap.add_argument("--factor", type=float, default=1.0, help="real-time factor (default 1.0)")
    ap.add_argument("--also", action="append", default=[], help="LABEL=CMD: another CLI run the same way, alternated")
    ap.add_argument("--out", help="JSON file for every run's figures")
    a = ap.parse_args()
    cmds = [("shnn", "scripts/run")] + [tuple(x.split("=", 1)) for x in a.also]
    began = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print("late_compiles: %s, load %s, %d reps of %s" % (began, load(), a.reps, ", ".join(c[0] for c in cmds)),
          file=sys.stderr)
    for label, cmd in cmds:  # untimed: builds the jars if stale and trains scripts/run's AOT cache if missing
        # (the same job: scripts/run picks the kernels, and the AOT cache trained for them, by the job's size)
        subprocess.run(cmd.split() + ["--realtime", str(a.factor), "--duration", str(a.duration)], cwd=ROOT,
                       stdout=subprocess.DEVNULL, check=True)
    runs = {label: [] for label, _ in cmds}
    for rep in range(a.reps):
        order = cmds if rep % 2 == 0 else cmds[::-1]
        for label, cmd in order:
            r = run(cmd, a.duration, a.factor)
            runs[label].append(r)
            print("late_compiles: rep %d %s: %d late tier-4 (%d step path), %d late deopts, behind %s, load %.1f"
                  % (rep, label, len(r["late_tier4"]), len(r["late_tier4_step_path"]), len(r["late_deopts"]),
                     r["behind_steps"], r["load1"]), file=sys.stderr)
    print("| command | late tier-4 org.shnn (step path), per run | late deopts, per run | behind steps, per run "
          "| lag p99 / max (ms), median | CPU (s), median | load (1 min) |")
    print("|---|---|---|---|---|---|---|")
    for label, _ in cmds:
        rs = runs[label]
        print("| %s | %s | %s | %s | %.2f / %.2f | %.2f | %.1f-%.1f |" % (
            label, ", ".join("%d (%d)" % (len(r["late_tier4"]), len(r["late_tier4_step_path"])) for r in rs),
            ", ".join(str(len(r["late_deopts"])) for r in rs), ", ".join(str(r["behind_steps"]) for r in rs),
            statistics.median(r["lag_p99_ns"] for r in rs) / 1e6, statistics.median(r["lag_max_ns"] for r in rs) / 1e6,
            statistics.median(r["cpu_s"] for r in rs), min(r["load1"] for r in rs), max(r["load1"] for r in rs)))
    for label, _ in cmds:
        names = {}
        for r in runs[label]:
            for n in r["late_tier4"] + ["deopt: " + d for d in r["late_deopts"]]:
                names[n] = names.get(n, 0) + 1
        print("\n%s, late (runs out of %d): %s" % (label, a.reps, "; ".join(
            "%s x%d" % (n, k) for n, k in sorted(names.items(), key=lambda x: (-x[1], x[0]))) or "none"))
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"began": began, "duration_s": a.duration, "factor": a.factor, "runs": runs}, f, indent=1)


if __name__ == "__main__":
    main()
