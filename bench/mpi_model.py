#!/usr/bin/env python3
"""The communication model of distributed runs (issue 16; bench/RESULTS.md section "Distributed runs").

Reads what scripts/bench --mpi measured (bench/results/mpi-*.json), checks the model against it, and projects it
to 100 and 1000 nodes. Model (Hockney: a message of b bytes costs alpha + beta b):
  per interval of D steps of dt, rank r sends one block of D step ends + s_r ids (4 bytes each),
  s_r = n_r nu D dt (n_r neurons of the rank, nu their mean rate);
  bytes sent per rank per simulated second   V = 4 (1/dt + n_r nu)
  bytes every rank receives per interval     M = 4 (p D + N nu D dt)
  time per interval, Allgather + Allgatherv  T(p) = 2 alpha ceil(log2 p) + beta M (p - 1) / p
  (recursive doubling / Bruck rounds; a ring Allgatherv has alpha (p - 1) instead: an upper bound given too)
  communication per simulated second         C(p) = T(p) / (D dt)
alpha and beta are fitted to the C exchange at 2 ranks (two traces of different sizes) and checked against the
3-rank measurement. The projections use assumed cluster figures (--alpha-us, --gbps), not measured ones.
Usage: python3 bench/mpi_model.py bench/results/mpi-DATE.json [--alpha-us 1.5] [--gbps 10]
"""
import argparse, json, math, os

ap = argparse.ArgumentParser()
ap.add_argument("results")
ap.add_argument("--alpha-us", type=float, default=1.5, help="assumed inter-node MPI latency per round, us")
ap.add_argument("--gbps", type=float, default=10.0, help="assumed inter-node bandwidth, GB/s")
ap.add_argument("--fanout", type=int, default=80, help="synapses per neuron (COBA: in-degree 80 = mean out-degree)")
a = ap.parse_args()
R = json.load(open(a.results))
DT = 1e-4  # s


def rate(run):
    return run["spikes"] / (run["neurons"] * run["steps"] * DT)


def T(p, M, alpha, beta, ring=False):
    rounds = (p - 1) if ring else math.ceil(math.log2(p))
    return 2 * alpha * rounds + beta * M * (p - 1) / p


runs = R["runs"]
print("## check 1: volume (bytes rank 0 sent per simulated second): model V = 4 (1/dt + n_0 nu) against the counter\n")
print("| run | nu (Hz) | n_0 | model | counted | counted/model |")
print("|---|---|---|---|---|---|")
for key, s in runs.items():
    n, p = map(int, key.split("x"))
    if p == 1:
        continue
    n0 = (n // p) & ~15  # Simulation.boundary(1, p, n): rank 0's neurons
    nu = rate(s)
    model = 4 * (1 / DT + n0 * nu)
    counted = s["rank0_bytes_sent"] / (s["steps"] * DT)
    print(f"| COBA {n:,} x {p} | {nu:.2f} | {n0:,} | {model / 1e6:.3f} MB | {counted / 1e6:.3f} MB | {counted / model:.3f} |")


def bytes_per_interval(e):
    t = e["trace"]
    return 4 * t["mean_ints_per_rank_interval"] * t["ranks"]


fit = [e for e in R["exchange"] if e["trace"]["ranks"] == 2]
fit.sort(key=bytes_per_interval)
alpha = beta = None
if len(fit) >= 2:
    (m1, t1), (m2, t2) = [(bytes_per_interval(e), e["median_us"]["c"] * 1e-6) for e in (fit[0], fit[-1])]
    beta = max((t2 - t1) / ((m2 - m1) / 2), 0.0)
    alpha = (t1 - beta * m1 / 2) / 2
    print(f"\n## fit (C, 2 ranks): alpha = {alpha * 1e6:.2f} us per round, beta = {beta * 1e9:.3f} ns/byte "
          f"({(1 / beta / 1e9) if beta else float('inf'):.2f} GB/s), from M = {m1:.0f} and {m2:.0f} bytes per interval\n")
    if beta == 0:
        print("(bandwidth term not resolved: the larger trace was not slower per interval; on a busy machine the "
              "wait for a descheduled partner rank dominates both)\n")
    print("## check 2: time per interval, model against the C exchange\n")
    print("| trace | ranks | bytes gathered per interval | model | measured C | measured/model |")
    print("|---|---|---|---|---|---|")
    for e in R["exchange"]:
        if e["trace"]["ranks"] == 1:
            continue  # the singleton row: MPI copies locally, no message
        p, M = e["trace"]["ranks"], bytes_per_interval(e)
        model = T(p, M, alpha, beta)
        meas = e["median_us"]["c"] * 1e-6
        print(f"| {os.path.basename(e['trace']['path'])} | {p} | {M:.0f} | {model * 1e6:.1f} us | {meas * 1e6:.1f} us "
              f"| {meas / model:.2f} |")

# projections
al, be = a.alpha_us * 1e-6, 1 / (a.gbps * 1e9)
one = {int(k.split("x")[0]): s for k, s in runs.items() if k.endswith("x1")}
nu = rate(one[max(one)]) if one else 21.35
print(f"\n## projection: alpha = {a.alpha_us} us, {a.gbps} GB/s (assumed cluster figures), nu = {nu:.2f} Hz, one rank per node\n")
print("| network | p | D | spikes/s per rank | block per interval | gathered per interval | Allgather(v) per interval "
      "(ring) | comm per simulated s | compute per simulated s | targeted Alltoallv: sent per interval |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name, N_of, D in (("strong, 400k", lambda p: 400_000, 1), ("weak, 200k per node", lambda p: 200_000 * p, 1),
                      ("weak, 200k per node", lambda p: 200_000 * p, 15)):
    for p in (2, 100, 1000):
        N = N_of(p)
        nr = N / p
        s_r = nr * nu * D * DT
        blk = 4 * (D + s_r)
        M = 4 * (p * D + N * nu * D * DT)
        t, tr = T(p, M, al, be), T(p, M, al, be, ring=True)
        comm = t / (D * DT)
        # compute: the measured 1-rank loop per simulated second for the same neurons per rank (busy figures)
        ref = one[min(one, key=lambda k: abs(k - nr))] if one else None
        comp = ref["wall_s"] / (ref["steps"] * DT) * nr / ref["neurons"] if ref else float("nan")
        k = min(p - 1, a.fanout)  # ranks a spike has targets on (at most its out-degree)
        targeted = 4 * s_r * k
        print(f"| {name} | {p} | {D} | {nr * nu:.3g} | {blk / 1e3:.2f} kB | {M / 1e6:.3f} MB | {t * 1e6:.1f} us "
              f"({tr * 1e6:.0f} us) | {comm:.3g} s | {comp:.3g} s | {targeted / 1e3:.1f} kB to {k} ranks |")
