#!/usr/bin/env python3
"""Macro benchmark driver: the Vogels-Abbott COBA/CUBA networks in SHNN and in Brian2 C++ standalone.

For each case (model, neurons, threads) it builds and runs Brian2 once (brian2/coba.py or cuba.py:
code generation and compilation reported apart as build_s, plus the first run and the rates), then
runs `pairs` alternating pairs (SHNN run, Brian2 re-run of the compiled binary) and takes the
speed ratio pair by pair: Brian2 loop time / SHNN simulation wall time (> 1 means SHNN is faster);
the case's ratio is the median over pairs. Writes everything to --out as JSON (report.py renders it).

With --brian2-modes standalone,runtime each pair also runs Brian2's runtime device with Cython code
generation (`coba.py --device runtime`: a fresh process that builds the network, runs an untimed
warm-up so Cython compilation or cache loading is excluded, then times the loop; 1-thread cases
only, the runtime device is serial). Its figures go to pair["brian2_runtime"], its ratio
(runtime loop time / SHNN wall time) to pair["speedup_runtime"] and the case's
"speedup_runtime_median"; report.py renders only the standalone columns.

Usage: macro.py --cases coba:4000:1,cuba:40000:2 [--duration 1] [--pairs 3] --out FILE
                [--no-brian2] [--no-shnn] [--shnn-cmd scripts/run]
                [--brian2-modes standalone|runtime|standalone,runtime]  (default standalone)
Standard library only; Brian2 runs with /usr/bin/python3 (Debian's python3-brian).
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BRIAN_PY = os.environ.get("SHNN_BRIAN_PYTHON", "/usr/bin/python3")


def parse_cases(text):
    cases = []
    for item in text.split(","):
        parts = item.strip().split(":")
        if len(parts) != 3 or parts[0] not in ("coba", "cuba"):
            sys.exit(f"error: case '{item}' must be model:neurons:threads with model coba or cuba")
        cases.append({"model": parts[0], "neurons": int(parts[1]), "threads": int(parts[2])})
    return cases


def parse_modes(text):
    modes = [m.strip() for m in text.split(",") if m.strip()]
    bad = [m for m in modes if m not in ("standalone", "runtime")]
    if not modes or bad:
        sys.exit(f"error: --brian2-modes '{text}' must list standalone and/or runtime")
    return modes


def brian2_runtime_run(case, duration, tmp, log):
    """One fresh process of coba.py/cuba.py --device runtime (warm-up inside, see va_common.run_runtime)."""
    out = os.path.join(tmp, "brian2_runtime.json")
    return run_json([BRIAN_PY, os.path.join(HERE, "brian2", case["model"] + ".py"), "--device", "runtime",
                     "--neurons", str(case["neurons"]), "--threads", "1", "--duration", str(duration),
                     "--json", out], out, log=log)


def run_json(cmd, json_path=None, cwd=ROOT, log=None):
    """Runs cmd; returns the JSON it wrote to json_path (or printed last on stdout)."""
    print("  $ " + " ".join(cmd), file=sys.stderr, flush=True)
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if log:
        with open(log, "a") as f:
            f.write("$ " + " ".join(cmd) + "\n" + p.stdout + p.stderr + "\n")
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[0]} exited with {p.returncode}: {p.stderr.strip()[-2000:]}")
    if json_path:
        with open(json_path) as f:
            return json.load(f)
    return json.loads(p.stdout.strip().splitlines()[-1])


def shnn_run(case, duration, shnn_cmd, tmp, log):
    out = os.path.join(tmp, "shnn.json")
    rss = os.path.join(tmp, "shnn.rss")
    cmd = [sys.executable, os.path.join(HERE, "brian2", "rss_wrap.py"), rss] + shnn_cmd + [
        "--model", case["model"], "--neurons", str(case["neurons"]), "--threads", str(case["threads"]),
        "--duration", str(duration), "--summary-json", out]
    t0 = time.perf_counter()
    raw = run_json(cmd, out, log=log)
    raw["wall_s_process"] = time.perf_counter() - t0
    with open(rss) as f:
        raw["peak_rss_bytes_process"] = int(f.read())
    with open(rss + ".cpu") as f:
        raw["cpu_s_process"] = float(f.read())  # the whole JVM: start-up, JIT, build and run
    return raw


def shnn_summary(raw, duration):
    """The fields of the SHNN CLI's --summary-json (org.shnn.cli.Main) the report uses.

    wall_s is the CLI's simulation wall time (network construction excluded, reported as build_s; the
    JIT warm-up of the neuron kernels on scratch state excluded, reported as warmup_s; both are in
    process_wall_s).
    """
    rates = raw.get("mean_rate_hz") or {}
    return {
        "wall_s": raw["wall_s"],
        "real_time_factor": raw.get("real_time_factor", raw["wall_s"] / duration),
        "events_per_s": raw.get("synaptic_events_per_s"),
        "synaptic_events": raw.get("synaptic_events"),
        "bytes_per_synapse": raw.get("bytes_per_synapse"),
        "synapses": raw.get("synapses"),
        "spikes": raw.get("spikes"),
        "rate_hz": {"exc": rates.get("exc"), "inh": rates.get("inh")},
        "build_s": raw.get("build_s"),
        "warmup_s": raw.get("warmup_s"),
        "offheap_peak_bytes": raw.get("offheap_peak_bytes"),
        "peak_rss_bytes": raw.get("peak_rss_bytes_process"),
        "process_cpu_s": raw.get("cpu_s_process"),
        "process_wall_s": raw.get("wall_s_process"),
    }


def loop_only_env():
    """Sets the environment of scripts/run for timing its simulation loop alone (bench/macro.py, bench/threads.py).

    scripts/run then keeps the Vector API kernels for every size (it would start small built-in jobs with the scalar
    ones, bench/RESULTS.md section 38), and warms up the whole step path before the run, as Brian2's loop is timed
    without its compilation (a batch run otherwise compiles its step path in its first steps: shorter whole job,
    longer loop; section 41).
    """
    os.environ["SHNN_SIMD"] = "on"
    os.environ["SHNN_JAVA_OPTS"] = (os.environ.get("SHNN_JAVA_OPTS", "") + " -Dshnn.warmUp=stepPath").strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", required=True)
    ap.add_argument("--duration", type=float, default=1.0)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--out", required=True)
    ap.add_argument("--no-brian2", action="store_true")
    ap.add_argument("--no-shnn", action="store_true")
    ap.add_argument("--shnn-cmd", default=os.path.join(ROOT, "scripts", "run"))
    ap.add_argument("--brian2-modes", default="standalone",
                    help="comma list of Brian2 contenders: standalone (C++ standalone), runtime (Cython)")
    a = ap.parse_args()
    loop_only_env()
    modes = parse_modes(a.brian2_modes)
    standalone = not a.no_brian2 and "standalone" in modes
    log = os.path.splitext(a.out)[0] + ".log"
    open(log, "w").close()
    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(sys.argv),
        "machine": machine(),
        "duration_s": a.duration,
        "pairs": a.pairs,
        "brian2_modes": modes,
        "cases": [],
    }
    for case in parse_cases(a.cases):
        name = f"{case['model']} {case['neurons']} neurons {case['threads']} thread(s)"
        print(f"macro: {name}", file=sys.stderr, flush=True)
        entry = dict(case, load_before=os.getloadavg()[0], brian2=None, shnn=None, pairs=[])
        runtime = not a.no_brian2 and "runtime" in modes and case["threads"] == 1
        if not a.no_brian2 and "runtime" in modes and not runtime:
            entry["brian2_runtime_skipped"] = "the runtime device is single-threaded: 1-thread cases only"
        entry["brian2_runtime"] = None
        with tempfile.TemporaryDirectory() as tmp:
            bdir = os.path.join(HERE, "out", "brian2", f"{case['model']}-{case['neurons']}-{case['threads']}")
            try:
                if runtime:  # first process: Cython compilation (or disk cache), reported apart
                    entry["brian2_runtime"] = brian2_runtime_run(case, a.duration, tmp, log)
                if standalone:
                    shutil.rmtree(bdir, ignore_errors=True)  # build_s is then a full code generation + compile
                    bjson = os.path.join(tmp, "brian2.json")
                    entry["brian2"] = run_json([BRIAN_PY, os.path.join(HERE, "brian2", case["model"] + ".py"),
                                                "--neurons", str(case["neurons"]), "--threads", str(case["threads"]),
                                                "--duration", str(a.duration), "--dir", bdir, "--json", bjson],
                                               bjson, log=log)
                for _ in range(a.pairs if not a.no_shnn or standalone or runtime else 0):
                    pair = {}
                    if not a.no_shnn:
                        raw = shnn_run(case, a.duration, a.shnn_cmd.split(), tmp, log)
                        pair["shnn"] = shnn_summary(raw, a.duration)
                        entry["shnn"] = entry["shnn"] or {"raw": raw}
                    if standalone:
                        pair["brian2"] = run_json([BRIAN_PY, os.path.join(HERE, "brian2", "rerun.py"), bdir], log=log)
                    if pair.get("shnn", {}).get("wall_s") and pair.get("brian2"):
                        pair["speedup"] = pair["brian2"]["run_s"] / pair["shnn"]["wall_s"]
                    if runtime:
                        pair["brian2_runtime"] = brian2_runtime_run(case, a.duration, tmp, log)
                        if pair.get("shnn", {}).get("wall_s"):
                            pair["speedup_runtime"] = pair["brian2_runtime"]["run_s"] / pair["shnn"]["wall_s"]
                    entry["pairs"].append(pair)
            except (RuntimeError, KeyError, ValueError, OSError) as e:
                entry["error"] = str(e)
                print(f"macro: {name} failed: {e}", file=sys.stderr)
        speedups = [p["speedup"] for p in entry["pairs"] if "speedup" in p]
        entry["speedup_median"] = statistics.median(speedups) if speedups else None
        speedups_rt = [p["speedup_runtime"] for p in entry["pairs"] if "speedup_runtime" in p]
        entry["speedup_runtime_median"] = statistics.median(speedups_rt) if speedups_rt else None
        entry["load_after"] = os.getloadavg()[0]
        result["cases"].append(entry)
        with open(a.out, "w") as f:  # after every case, so a long run keeps what it has
            json.dump(result, f, indent=2)
    print(f"macro: wrote {a.out} (commands and output in {log})", file=sys.stderr)


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    mem = 0
    try:
        with open("/proc/meminfo") as f:
            mem = int(next(l.split()[1] for l in f if l.startswith("MemTotal"))) * 1024
    except (OSError, StopIteration):
        pass
    return {"cpu": model, "cores": os.cpu_count(), "memory_bytes": mem, "kernel": platform.release()}


if __name__ == "__main__":
    main()
