"""Shared driver of the Vogels-Abbott benchmark scripts (coba.py, cuba.py) on Brian2's C++ standalone
device (default) or its runtime device (`--device runtime`, Cython code generation; see run_runtime).

Timing (documented in bench/RESULTS.md): the network is generated and compiled once
(`device.build(run=False)`, reported as `build_s`), then the compiled binary is run `--runs` times.
Per run we report Brian2's own measurement of the simulation loop (`device._last_run_time`: the
C++ timer around `Network::run`, which excludes code generation, compilation, loading, synapse
creation and initialisation) as `run_s`, the whole binary's wall time as `binary_s` (adds synapse
creation and I/O), the binary's CPU time (`cpu_s`, user + system: on a shared machine the gap
between wall and CPU time is time spent waiting for a core) and its peak RSS. `run_s` is the figure compared with SHNN's
simulation wall time.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
# OpenMP wait policy of the simulation runs (see setup_device); SHNN_BRIAN_OMP_WAIT_POLICY=passive
# measures GOMP's default behaviour instead.
OMP_WAIT_POLICY = os.environ.get("SHNN_BRIAN_OMP_WAIT_POLICY", "active")


def parse_args(model):
    p = argparse.ArgumentParser(description=f"Vogels-Abbott {model.upper()} on Brian2 C++ standalone; prints JSON")
    p.add_argument("--neurons", type=int, default=4000, help="total neurons (80%% excitatory); p = 80/N keeps in-degree 80")
    p.add_argument("--threads", type=int, default=1, help="OpenMP threads (1 = the serial build, no OpenMP)")
    p.add_argument("--duration", type=float, default=1.0, help="biological time, seconds")
    p.add_argument("--runs", type=int, default=1, help="times to run the compiled binary")
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--dir", default=None, help="standalone project directory (default: bench/out/brian2/<model>-<N>-<T>)")
    p.add_argument("--json", default=None, help="also write the JSON here")
    p.add_argument("--device", choices=("cpp_standalone", "runtime"), default="cpp_standalone",
                   help="cpp_standalone (compiled binary) or runtime (Python loop over Cython code objects)")
    p.add_argument("--warmup-ms", type=float, default=10.0,
                   help="runtime device: biological time of the untimed warm-up run (compiles/loads Cython code)")
    a = p.parse_args()
    if a.neurons < 5 or a.neurons % 5:
        p.error(f"--neurons {a.neurons} must be a positive multiple of 5 (80/20 split)")
    if a.threads < 1 or a.runs < 1 or a.duration <= 0:
        p.error("--threads and --runs must be >= 1 and --duration > 0")
    if a.device == "runtime" and a.threads != 1:
        p.error(f"--threads {a.threads}: the runtime device is single-threaded, use --threads 1")
    if a.warmup_ms <= 0:
        p.error(f"--warmup-ms {a.warmup_ms} must be > 0")
    if a.dir is None:
        a.dir = os.path.join(HERE, "..", "out", "brian2", f"{model}-{a.neurons}-{a.threads}")
    a.dir = os.path.abspath(a.dir)
    return a


def setup_device(args):
    """Selects cpp_standalone (build on demand), the thread count and the RSS-measuring run command;
    or, with --device runtime, the runtime device with Cython code generation (numpy when a Cython
    test compilation fails: args.codegen_target records which one is used, args.codegen_fallback why)."""
    from brian2 import set_device, prefs, seed, defaultclock, ms
    if args.device == "runtime":
        setup_runtime(args)
        return
    set_device("cpp_standalone", directory=args.dir, build_on_run=False)
    prefs.devices.cpp_standalone.openmp_threads = 0 if args.threads == 1 else args.threads
    # The compile is heavy on a shared 2-core machine: nice it and cap make's parallelism. The timed
    # run of the binary below is not niced.
    prefs.devices.cpp_standalone.make_cmd_unix = "nice -n 10 make"
    prefs.devices.cpp_standalone.extra_make_args_unix = ["-j2"]
    prefs.devices.cpp_standalone.run_cmd_unix = [sys.executable, os.path.join(HERE, "rss_wrap.py"),
                                                 os.path.join(args.dir, "results", "peak_rss_bytes"), "./main"]
    # OpenMP threads spin at barriers (GOMP's default sleeps after a short spin): with a barrier every
    # 0.1 ms step, sleeping waits cost tens of microseconds each on a shared VM (measured here:
    # 4k-neuron runs of 7-50 s instead of under 1 s). SHNN's workers spin too.
    prefs.devices.cpp_standalone.run_environment_variables = {"LD_BIND_NOW": "1", "OMP_WAIT_POLICY": OMP_WAIT_POLICY}
    defaultclock.dt = 0.1 * ms
    seed(args.seed)


def build_and_run(args, model, params, exc_mon, inh_mon, exc_syn, inh_syn, n_exc, n_inh):
    """Builds once, runs `args.runs` times, prints and returns the JSON summary."""
    import brian2
    from brian2 import device
    t0 = time.perf_counter()
    device.build(directory=args.dir, compile=True, run=False, with_output=False)
    build_s = time.perf_counter() - t0
    runs = []
    for _ in range(args.runs):
        device.run(directory=args.dir, with_output=False, run_args=[])
        with open(os.path.join(args.dir, "results", "peak_rss_bytes")) as f:
            rss = int(f.read())
        with open(os.path.join(args.dir, "results", "peak_rss_bytes.cpu")) as f:
            cpu = float(f.read())
        runs.append({"run_s": float(device._last_run_time),
                     "binary_s": float(device.timers["run_binary"]),
                     "cpu_s": cpu,
                     "peak_rss_bytes": rss})
    # Spike counts are identical in every run (the seed is compiled in); read them once.
    return _report(args, model, params, build_s, runs, exc_mon, inh_mon, exc_syn, inh_syn, n_exc, n_inh,
                   {"device": "cpp_standalone"},
                   {"threads": args.threads,
                    "omp_wait_policy": OMP_WAIT_POLICY if args.threads > 1 else None})


def setup_runtime(args):
    """Runtime device, Cython target if a test compilation works on this machine, else numpy."""
    from brian2 import set_device, prefs, seed, defaultclock, ms
    from brian2.codegen.runtime.cython_rt import CythonCodeObject
    set_device("runtime")
    args.codegen_fallback = None
    if CythonCodeObject.is_available():
        args.codegen_target = "cython"
    else:
        args.codegen_target = "numpy"
        args.codegen_fallback = "Cython test compilation failed (see the Brian2 warning on stderr): numpy target"
        print("va_common: " + args.codegen_fallback, file=sys.stderr)
    prefs.codegen.target = args.codegen_target
    defaultclock.dt = 0.1 * ms
    seed(args.seed)


def run_runtime(args, model, params, net, exc_mon, inh_mon, exc_syn, inh_syn, n_exc, n_inh, namespace):
    """Runtime device: warm-up, then `args.runs` timed runs of `net` from the same stored state.

    `namespace` resolves the model's external constants (the caller's locals: taum, we, ...).

    The network (synapses created, variables initialised) is stored, then run for --warmup-ms
    untimed: the first run generates each code object and compiles its Cython extension (or loads it
    from Brian2's on-disk cache, ~/.cython/brian_extensions); the time of all that (network
    construction, store, warm-up) is reported as `build_s`. Each timed run restores the stored state
    (variables, monitors, clock, random generator) and calls `net.run(duration)`. `run_s` is Brian2's
    own timer around the simulation loop (`device._last_run_time`, as for standalone: it excludes the
    per-run `before_run`, i.e. code generation for the cached extensions); `call_s` is
    time.perf_counter around the whole `net.run` call (includes it). `cpu_s` is the process's user +
    system time over the call. Peak RSS is the Python process's own (getrusage: includes the
    interpreter, numpy and Brian2 themselves, not the compiler, which runs in child processes).
    """
    import resource
    import brian2
    from brian2 import device, second, ms
    t0 = time.perf_counter()
    net.store("initial")
    net.run(args.warmup_ms * ms, namespace=namespace)
    build_s = time.perf_counter() - t0 + getattr(args, "construct_s", 0.0)
    runs = []
    for _ in range(args.runs):
        net.restore("initial", restore_random_state=True)
        r0 = resource.getrusage(resource.RUSAGE_SELF)
        c0 = time.perf_counter()
        net.run(args.duration * second, namespace=namespace)
        call_s = time.perf_counter() - c0
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        runs.append({"run_s": float(device._last_run_time), "call_s": call_s,
                     "cpu_s": (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime),
                     "peak_rss_bytes": r1.ru_maxrss * 1024})
    # Counts of the last timed run (each run starts from the same state and random stream).
    return _report(args, model, params, build_s, runs, exc_mon, inh_mon, exc_syn, inh_syn, n_exc, n_inh,
                   {"device": "runtime", "codegen_target": args.codegen_target,
                    "codegen_fallback": args.codegen_fallback},
                   {"threads": 1, "warmup_ms": args.warmup_ms,
                    "call_s": statistics.median(r["call_s"] for r in runs)})

def _report(args, model, params, build_s, runs, exc_mon, inh_mon, exc_syn, inh_syn, n_exc, n_inh,
            device, extra):
    """Prints (and writes to --json) the figures both modes report; device and extra are mode-specific keys."""
    import brian2
    count_e = np.asarray(exc_mon.count[:], dtype=np.int64)
    count_i = np.asarray(inh_mon.count[:], dtype=np.int64)
    pre_e = np.asarray(exc_syn.i[:], dtype=np.int64)
    pre_i = np.asarray(inh_syn.i[:], dtype=np.int64)
    # Synaptic events: each spike of neuron k is delivered over each of k's outgoing synapses.
    events = int(np.dot(count_e, np.bincount(pre_e, minlength=n_exc))
                 + np.dot(count_i, np.bincount(pre_i, minlength=n_inh)))
    run_s = statistics.median(r["run_s"] for r in runs)
    spikes_e, spikes_i = int(count_e.sum()), int(count_i.sum())
    out = {"simulator": "brian2", "version": brian2.__version__}
    out.update(device)
    out.update({
        "model": model,
        "neurons": n_exc + n_inh,
        "populations": {"exc": n_exc, "inh": n_inh},
        "connection_probability": 80.0 / (n_exc + n_inh),
        "synapses": int(len(pre_e) + len(pre_i)),
        "duration_s": args.duration,
        "dt_ms": 0.1,
        "seed": args.seed,
        "params": params,
        "build_s": build_s,
        "runs": runs,
        "run_s": run_s,
        "real_time_factor": run_s / args.duration,
        "spikes": {"exc": spikes_e, "inh": spikes_i, "total": spikes_e + spikes_i},
        "rate_hz": {"exc": spikes_e / n_exc / args.duration, "inh": spikes_i / n_inh / args.duration,
                    "all": (spikes_e + spikes_i) / (n_exc + n_inh) / args.duration},
        "synaptic_events": events,
        "events_per_s": events / run_s if run_s > 0 else None,
        "peak_rss_bytes": max(r["peak_rss_bytes"] for r in runs),
    })
    out.update(extra)
    text = json.dumps(out, indent=2)
    print(text)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    return out
