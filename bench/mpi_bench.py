#!/usr/bin/env python3
"""Issue 16's speed and scale figures (scripts/bench --mpi; bench/RESULTS.md section "Distributed runs").

1. Strong scaling: COBA 40k (1, 2 and 3 ranks) and 400k (1 and 2 ranks); weak scaling: 1 rank x 200k against
   2 ranks x 200k (the 400k network on 2 ranks). One thread per rank. Figures from each run's --summary-json:
   wall of the step loop, steps/s, rank 0's bytes sent (the engine's counter, RankExchange.sentInts).
2. The exchange per min-delay interval through SHNN's MPI binding (org.shnn.bench.mpi.ExchangeCost) against C
   (bench/mpi/exchange.c), alternated, replaying the counts per interval and rank of the same runs (a trace built
   from the 1-rank run's spikes: same seed, same raster on any rank count). The trace is checked against the
   engine's counter: the ints rank 0 sends over the trace must equal the 2-rank run's rank0_bytes_sent / 4.
   Also on one rank (a singleton job: MPI copies locally), where no partner's scheduling enters: the binding's own
   cost. Both programs report wall and the calling thread's CPU time per pass; every launch warms up for at least
   --warmup passes, --warmup-intervals intervals and --warmup-seconds, and the JVM runs with -Xbatch (a method that
   reaches C2's threshold waits for its compilation): on a busy machine C2's compiler thread waited seconds for a
   core and whole launches were timed with the exchange interpreted (~1 us CPU per interval instead of ~0.08).
3. Inputs of the volume model: spikes per rank and interval, message sizes, and what a delta/varint coding of the
   ids would save (computed from the same spikes).
Prints the tables for RESULTS.md and writes everything to --out (JSON).
"""
import argparse, csv, json, os, statistics, struct, subprocess, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("--java", required=True)
ap.add_argument("--jvm-args", required=True, help="the @argfile")
ap.add_argument("--cli-cp", required=True, help="class path of the CLI and the MPI binding")
ap.add_argument("--bench-jar", required=True)
ap.add_argument("--c-exchange", required=True, help="the compiled bench/mpi/exchange.c")
ap.add_argument("--c-exchange-lib", required=True,
                help="bench/mpi/exchange.c as a shared library: its loop run inside the JVM (ExchangeCost's c_in_jvm)")
ap.add_argument("--mpirun", required=True, help="the launcher, {n} for the rank count (scripts/lib.sh shnn_mpirun)")
ap.add_argument("--work", required=True, help="scratch directory (spike CSVs, traces, summaries)")
ap.add_argument("--out", required=True)
ap.add_argument("--pairs", type=int, default=3, help="alternated C/Java launches per trace")
ap.add_argument("--reps", type=int, default=5, help="measured passes over the trace per launch")
ap.add_argument("--warmup", type=int, default=2, help="unmeasured passes first (JIT, page faults)")
ap.add_argument("--warmup-intervals", type=int, default=50000, help="more unmeasured passes until this many intervals")
ap.add_argument("--warmup-seconds", type=float, default=1.0,
                help="more unmeasured passes if needed, until this much of rank 0's wall has passed")
ap.add_argument("--runs-from", help="skip part 1: the runs of an earlier --out JSON (its spike CSVs still in --work)")
ap.add_argument("--scale", default="40000:1.0:1,2,3;400000:0.2:1,2;200000:0.2:1",
                help="neurons:seconds:rank counts;... (the runs of part 1)")
a = ap.parse_args()
os.makedirs(a.work, exist_ok=True)
DT = 0.1


def launcher(ranks):
    return [w.replace("{n}", str(ranks)) for w in a.mpirun.split()]


def load():
    return open("/proc/loadavg").read().split()[:3]


def run_cli(neurons, seconds, ranks, spikes_csv=None):
    summary = os.path.join(a.work, f"coba-{neurons}-{ranks}r.json")
    cmd = [a.java, "-cp", a.cli_cp, "@" + a.jvm_args, "org.shnn.cli.Main", "--model", "coba", "--neurons",
           str(neurons), "--duration", str(seconds), "--threads", "1", "--exact-threads", "--summary-json", summary]
    if spikes_csv:
        cmd += ["--spikes-out", spikes_csv]
    if ranks > 1:
        cmd = launcher(ranks) + cmd
    before = load()
    t0 = time.time()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        sys.exit(f"mpi_bench: failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout[-3000:]}")
    s = json.load(open(summary))
    s.update(job_s=time.time() - t0, load_before=before, load_after=load(),
             command=" ".join(c if " " not in c else repr(c) for c in cmd))
    print(f"  coba {neurons} x {ranks} rank(s), {seconds} s: loop {s['wall_s']:.3f} s, "
          f"{s['steps'] / s['wall_s']:.0f} steps/s, load {' '.join(before)}", flush=True)
    return s


def boundary(k, t, n):
    """Simulation.boundary: rank r of R owns [boundary(r, R, n), boundary(r + 1, R, n))."""
    return n if k == t else min((n * k // t) & ~15, n)


def varint_len(x):
    n = 1
    while x >= 128:
        x >>= 7
        n += 1
    return n


def trace(spikes_csv, neurons, steps, ranks, path):
    """Counts per interval (1 step: COBA's min delay) and rank: one end per step + one id per spike."""
    bounds = [boundary(r, ranks, neurons) for r in range(ranks + 1)]
    per = {}  # (step, rank) -> sorted ids
    with open(spikes_csv) as f:
        rd = csv.reader(f)
        next(rd)
        for nid, t in rd:
            nid = int(nid)
            step = round(float(t) / DT)
            r = 0
            while nid >= bounds[r + 1]:
                r += 1
            per.setdefault((step, r), []).append(nid)
    counts = [[1 + len(per.get((j, r), ())) for r in range(ranks)] for j in range(steps)]
    with open(path, "wb") as f:
        f.write(struct.pack("<3i", ranks, steps, 1))
        for row in counts:
            f.write(struct.pack(f"<{ranks}i", *row))
    # a delta + varint coding of each block's sorted ids (first id relative to the rank's first neuron)
    varint_bytes = 0
    for (j, r), ids in per.items():
        prev = bounds[r]
        for i in sorted(ids):
            varint_bytes += varint_len(i - prev)
            prev = i
        varint_bytes += 1  # the per-step end, as a varint count (< 128 here)
    spikes = sum(len(v) for v in per.values())
    return dict(path=path, ranks=ranks, intervals=steps, rank0_ints=sum(c[0] for c in counts),
                max_ints_per_rank=max(max(c) for c in counts), spikes=spikes,
                mean_ints_per_rank_interval=sum(map(sum, counts)) / (steps * ranks),
                varint_bytes=varint_bytes, int_bytes=4 * sum(map(sum, counts)))


def exchange(tr, pairs):
    impls = ("c", "c_single", "c_in_jvm", "java")
    res = {k: [] for k in impls}
    cpu = {k: [] for k in impls}
    warm = [str(max(a.warmup, -(-a.warmup_intervals // tr["intervals"]))), str(a.warmup_seconds)]
    cmds = {"c": launcher(tr["ranks"]) + [a.c_exchange, tr["path"], str(a.reps)] + warm,
            "java": launcher(tr["ranks"]) + [a.java, "-cp", a.bench_jar, "@" + a.jvm_args, "-Xbatch",
                                "org.shnn.bench.mpi.ExchangeCost", tr["path"], str(a.reps)] + warm}
    cmds["c_single"] = cmds["c"] + ["single"]  # MPI_THREAD_SINGLE: Open MPI without its locks (exchange.c)
    cmds["c_in_jvm"] = [w for w in cmds["java"]]
    cmds["c_in_jvm"].insert(cmds["java"].index("-Xbatch"), "-Dshnn.bench.exchangeLibrary=" + a.c_exchange_lib)
    passes = {k: [] for k in impls}
    loads = [load()]
    for _ in range(pairs):
        for impl in impls:
            p = subprocess.run(cmds[impl], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            line = [l for l in p.stdout.splitlines() if l.startswith("{")]
            if p.returncode != 0 or not line:
                sys.exit(f"mpi_bench: exchange failed: {' '.join(cmds[impl])}\n{p.stdout}\n{p.stderr[-3000:]}")
            got = json.loads(line[0])
            res[impl] += [w / tr["intervals"] * 1e6 for w in got["wall_s"]]
            cpu[impl] += [c / tr["intervals"] * 1e6 for c in got["cpu_s"]]
            passes[impl].append(got["warmup_passes"])
    loads.append(load())
    med = {k: statistics.median(v) for k, v in res.items()}
    cmed = {k: statistics.median(v) for k, v in cpu.items()}
    out = dict(trace=tr, us_per_interval=res, median_us=med, ratio_java_c=med["java"] / med["c"],
               ratio_java_c_in_jvm=med["java"] / med["c_in_jvm"], ratio_c_in_jvm_c=med["c_in_jvm"] / med["c"],
               ratio_c_c_single=med["c"] / med["c_single"],
               cpu_us_per_interval=cpu, median_cpu_us=cmed, warmup_passes=passes, load=loads,
               commands={k: " ".join(v) for k, v in cmds.items()})
    print(f"  exchange {tr['ranks']} rank(s) ({os.path.basename(tr['path'])}): C {med['c']:.2f} us, "
          f"Java {med['java']:.2f} us per interval, Java/C {out['ratio_java_c']:.2f}; C in the JVM "
          f"{med['c_in_jvm']:.2f} us, Java/(C in the JVM) {out['ratio_java_c_in_jvm']:.2f}; CPU C {cmed['c'] * 1e3:.0f} ns, "
          f"Java {cmed['java'] * 1e3:.0f} ns; C at MPI_THREAD_SINGLE {med['c_single']:.2f} us", flush=True)
    return out


result = dict(date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), load_start=load(), runs={}, exchange=[])
csvs = {}
if a.runs_from:
    result["runs"] = json.load(open(a.runs_from))["runs"]
    result["runs_from"] = a.runs_from
    for key in result["runs"]:
        n = int(key.split("x")[0])
        path = os.path.join(a.work, f"coba-{n}-spikes.csv")
        if os.path.exists(path):
            csvs[n] = path
    print(f"mpi_bench: part 1 skipped, runs from {a.runs_from}", flush=True)
else:
    print(f"mpi_bench: part 1, scaling runs (load {' '.join(load())})", flush=True)
for spec in a.scale.split(";") if not a.runs_from else ():
    n, secs, rs = spec.split(":")
    n, secs = int(n), float(secs)
    rs = [int(r) for r in rs.split(",")]
    for r in rs:
        spikes = None
        if r == 1 and len(rs) > 1:  # the raster of every rank count: the traces of part 2
            spikes = csvs[n] = os.path.join(a.work, f"coba-{n}-spikes.csv")
        result["runs"][f"{n}x{r}"] = run_cli(n, secs, r, spikes)

runs = result["runs"]
for key, s in runs.items():
    n, r = map(int, key.split("x"))
    base = runs.get(f"{n}x1")
    if r > 1 and base:
        if s["raster_sha256"] != base["raster_sha256"]:
            sys.exit(f"mpi_bench: {key}'s raster differs from the 1-rank run's")

print(f"mpi_bench: part 2, exchange Java vs C (load {' '.join(load())})", flush=True)
for n, path in csvs.items():
    steps = runs[f"{n}x1"]["steps"]
    for r in sorted(int(k.split("x")[1]) for k in runs if k.startswith(f"{n}x")):
        if r == 1 and n != min(csvs):
            continue  # the singleton (binding's own cost) once, on the smallest network
        tr = trace(path, n, steps, r, os.path.join(a.work, f"trace-{n}-{r}r.bin"))
        if r == 1:
            result["exchange"].append(exchange(tr, a.pairs))
            continue
        counted = runs[f"{n}x{r}"]["rank0_bytes_sent"]
        tr["engine_rank0_bytes_sent"] = counted
        if 4 * tr["rank0_ints"] != counted:
            sys.exit(f"mpi_bench: trace {tr['path']} gives rank 0 {4 * tr['rank0_ints']} bytes, the run counted {counted}")
        result["exchange"].append(exchange(tr, a.pairs))
result["load_end"] = load()
json.dump(result, open(a.out, "w"), indent=1)

# tables
print(f"\nruns: {result['date']}, load {' '.join(result['load_start'])} -> {' '.join(result['load_end'])}\n")
print("| COBA | ranks | loop wall | steps/s | speed-up vs 1 rank | rank 0 in the exchange: per interval | share of the loop "
      "| rank 0 bytes sent / simulated s | / wall s | load before |")
print("|---|---|---|---|---|---|---|---|---|---|")
for key, s in runs.items():
    n, r = map(int, key.split("x"))
    base = runs.get(f"{n}x1")
    sp = f"{base['wall_s'] / s['wall_s']:.2f}x" if base and r > 1 else ""
    sim_s = s["steps"] * DT * 1e-3
    ex = s.get("rank0_exchange_s", 0.0)  # intervals = steps: COBA's min delay is one step
    exs = f"{ex / s['steps'] * 1e6:.1f} us | {ex / s['wall_s'] * 100:.0f} %" if r > 1 else " | "
    print(f"| {n:,} | {r} | {s['wall_s']:.2f} s | {s['steps'] / s['wall_s']:.0f} | {sp} | {exs} | "
          f"{s['rank0_bytes_sent'] / sim_s / 1e6:.2f} MB | {s['rank0_bytes_sent'] / s['wall_s'] / 1e6:.3f} MB | "
          f"{s['load_before'][0]} |")
if "200000x1" in runs and "400000x2" in runs:
    w1, w2 = runs["200000x1"], runs["400000x2"]
    eff = (w1["wall_s"] / w1["steps"]) / (w2["wall_s"] / w2["steps"])
    print(f"\nweak scaling, 2 x 200k against 1 x 200k: time per step {w2['wall_s'] / w2['steps'] * 1e3:.3f} ms against "
          f"{w1['wall_s'] / w1['steps'] * 1e3:.3f} ms: efficiency {eff:.2f} (1.00 = perfect)")
print("\n| trace | ranks | mean ints per rank and interval | max | C (FUNNELED) per interval | Java per interval | Java/C "
      "| C loop in the JVM | Java/(C in the JVM) | CPU per interval: C | Java | Java - C | C at MPI_THREAD_SINGLE "
      "| varint/int bytes |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for e in result["exchange"]:
    t = e["trace"]
    rc, rj = e["us_per_interval"]["c"], e["us_per_interval"]["java"]
    print(f"| {os.path.basename(t['path'])} | {t['ranks']} | {t['mean_ints_per_rank_interval']:.1f} | "
          f"{t['max_ints_per_rank']} | {e['median_us']['c']:.2f} us ({min(rc):.2f}-{max(rc):.2f}) | "
          f"{e['median_us']['java']:.2f} us ({min(rj):.2f}-{max(rj):.2f}) | **{e['ratio_java_c']:.2f}** | "
          f"{e['median_us'].get('c_in_jvm', float('nan')):.2f} us | {e.get('ratio_java_c_in_jvm', float('nan')):.2f} | "
          f"{e['median_cpu_us']['c'] * 1e3:.0f} ns | {e['median_cpu_us']['java'] * 1e3:.0f} ns | "
          f"{(e['median_cpu_us']['java'] - e['median_cpu_us']['c']) * 1e3:+.0f} ns | "
          f"{e['median_us'].get('c_single', float('nan')):.2f} us | "
          f"{t['varint_bytes'] / t['int_bytes']:.2f} |")
print(f"\nraw data: {a.out}")
