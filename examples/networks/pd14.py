#!/usr/bin/env python3
"""Writes pd14.json: the Potjans-Diesmann cortical microcircuit (Potjans & Diesmann 2014, Cerebral Cortex 24:785) as a
SHNN network file, with the parameters and connection rules of PyNN 0.10.1's examples/Potjans2014 (network_params.py,
scaling.py, network.py, connectivity.py) at full in-degree (K_scaling 1) and Poisson background input:

- 8 populations of IF_curr_exp (77,169 neurons at scale 1), initial v normal(-58, 5) mV;
- 55 projections (the pairs of non-zero connection probability) with FixedTotalNumberConnector: round(K * N_post)
  synapses drawn with replacement (multapses and autapses allowed), K the in-degree that gives the connection
  probability, ~3.0e8 synapses at scale 1;
- weights normal_clipped: 87.8 pA mean (175.6 pA for L4E -> L23E), sd 10 % of the mean (5 % for L4E -> L23E),
  inhibitory ones -4 times the excitatory mean, clipped at 0 so that no weight changes sign;
- delays normal_clipped 1.5 +- 0.75 ms (excitatory), 0.75 +- 0.375 ms (inhibitory), at least 0.1 ms;
- background: a Poisson drive per population of K_ext sources at 8 Hz, 87.8 pA each (NEST's poisson_generator of rate
  8 Hz * K_ext, which PyNN's example builds as a SpikeSourcePoisson per neuron: a rate above 1/dt, which a spike
  source cannot emit but a drive can).

Usage:
  python3 pd14.py [--scale S] [--out FILE]     write the network file (--scale multiplies the population sizes and
                                               keeps the in-degrees, PyNN's N_scaling: smaller networks, same mean
                                               input per neuron)
  python3 pd14.py --rates SPIKES.csv [--net FILE] [--from MS] [--to MS]
                                               mean rate per population of a run's spikes (scripts/run --spikes-out)
                                               over [from, to) ms (default [500, end of the spikes), the model's
                                               500 ms warm-up left out), beside the full-scale rates of NEST that
                                               PyNN's example states (full_mean_rates in network_params.py), as JSON

scripts/run examples/networks/pd14.json --duration 1.5 --spikes-out spikes.csv && python3 pd14.py --rates spikes.csv
"""

import argparse
import json
import math

LAYERS = ["L23", "L4", "L5", "L6"]
POPS = ["E", "I"]
N_FULL = {"L23": {"E": 20683, "I": 5834}, "L4": {"E": 21915, "I": 5479},
          "L5": {"E": 4850, "I": 1065}, "L6": {"E": 14395, "I": 2948}}
# connection probabilities, [target][source], order L23E L23I L4E L4I L5E L5I L6E L6I
CONN_PROBS = [[0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0., 0.0076, 0.],
              [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0., 0.0042, 0.],
              [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.],
              [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0., 0.1057, 0.],
              [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.],
              [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.],
              [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
              [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443]]
K_EXT = {"L23": {"E": 1600, "I": 1500}, "L4": {"E": 2100, "I": 1900},
         "L5": {"E": 2000, "I": 1900}, "L6": {"E": 2900, "I": 2100}}
NEURON = {"cm": 0.25, "i_offset": 0.0, "tau_m": 10.0, "tau_refrac": 2.0, "tau_syn_E": 0.5, "tau_syn_I": 0.5,
          "v_reset": -65.0, "v_rest": -65.0, "v_thresh": -50.0}
G = -4.0
W_MEAN = 87.8e-3  # nA
W_EXT = 87.8e-3  # nA
W_234 = 2 * W_MEAN
W_REL = 0.1
W_REL_234 = 0.05
D_MEAN = {"E": 1.5, "I": 0.75}
D_SD = {"E": 0.75, "I": 0.375}
BG_RATE = 8.0  # Hz per external source
V0_MEAN, V0_SD = -58.0, 5.0
# Mean rates (Hz) of the full-scale model in NEST, as PyNN 0.10.1's examples/Potjans2014/network_params.py states them
# ("Precise values differ somewhat between network realizations")
NEST_RATES = {"L23E": 0.971, "L23I": 2.868, "L4E": 4.746, "L4I": 5.396, "L5E": 8.142, "L5I": 9.078,
              "L6E": 0.991, "L6I": 7.523}

ORDER = [(layer, pop) for layer in LAYERS for pop in POPS]


def label(layer, pop):
    return layer + pop


def indegree(t, s):
    """scaling.get_indegrees: the in-degree K that gives connection probability p between the full-scale populations
    when round(K * N_post) synapses are drawn with replacement."""
    p = CONN_PROBS[t][s]
    n_t = N_FULL[ORDER[t][0]][ORDER[t][1]]
    n_s = N_FULL[ORDER[s][0]][ORDER[s][1]]
    return round(math.log(1. - p) / math.log((n_t * n_s - 1.) / (n_t * n_s))) / n_t


def document(scale):
    sizes = {label(l, p): int(N_FULL[l][p] * scale) for l, p in ORDER}
    populations = [{"label": label(l, p), "size": sizes[label(l, p)], "cell_type": "IF_curr_exp",
                    "parameters": dict(NEURON),
                    "initial_values": {"v": {"distribution": "normal", "mu": V0_MEAN, "sigma": V0_SD}}}
                   for l, p in ORDER]
    projections = []
    for t, (tl, tp) in enumerate(ORDER):
        for s, (sl, sp) in enumerate(ORDER):
            if CONN_PROBS[t][s] == 0:
                continue
            n_syn = int(round(indegree(t, s) * sizes[label(tl, tp)]))
            if sp == "E":
                w = W_234 if (sl, tl, tp) == ("L4", "L23", "E") else W_MEAN
                sd = w * (W_REL_234 if (sl, tl, tp) == ("L4", "L23", "E") else W_REL)
                weight = {"distribution": "normal_clipped", "mu": w, "sigma": sd, "low": 0.0}
            else:
                w = G * W_MEAN
                weight = {"distribution": "normal_clipped", "mu": w, "sigma": abs(w * W_REL), "high": 0.0}
            projections.append({
                "label": label(sl, sp) + "->" + label(tl, tp), "pre": label(sl, sp), "post": label(tl, tp),
                "receptor_type": "excitatory" if sp == "E" else "inhibitory",
                "connector": {"type": "FixedTotalNumberConnector", "n": n_syn},
                "weight": weight,
                "delay": {"distribution": "normal_clipped", "mu": D_MEAN[sp], "sigma": D_SD[sp], "low": 0.1}})
    drives = [{"population": label(l, p), "receptor_type": "excitatory", "sources": K_EXT[l][p], "rate": BG_RATE,
               "weight": W_EXT} for l, p in ORDER]
    name = "pd14" if scale == 1 else "pd14-scale-%g" % scale
    return {"format": "shnn-network/1", "name": name, "dt": 0.1, "seed": 1, "populations": populations,
            "projections": projections, "poisson_drives": drives}


def rates(spikes, net, t_from, t_to):
    """Mean rate (Hz) per population of the spikes in CSV file ``spikes`` (neuron_id,time_ms; ids in population
    order, as scripts/run writes them) over [t_from, t_to) ms, t_to None for the last spike's step."""
    with open(net) as f:
        doc = json.load(f)
    bounds, first = [], 0
    for p in doc["populations"]:
        bounds.append((p["label"], first, first + p["size"]))
        first += p["size"]
    counts = {label: 0 for label, _, _ in bounds}
    last = 0.0
    with open(spikes) as f:
        for line in f:
            if not line[:1].isdigit():
                continue  # the header
            nid, t = line.split(",")
            nid, t = int(nid), float(t)
            last = max(last, t)
            if t < t_from or (t_to is not None and t >= t_to):
                continue
            for label, lo, hi in bounds:
                if lo <= nid < hi:
                    counts[label] += 1
                    break
    end = t_to if t_to is not None else last + doc["dt"]
    seconds = (end - t_from) * 1e-3
    out = {"from_ms": t_from, "to_ms": end, "populations": {}}
    for label, lo, hi in bounds:
        hz = counts[label] / ((hi - lo) * seconds)
        ref = NEST_RATES.get(label)
        out["populations"][label] = {"rate_hz": round(hz, 4), "nest_hz": ref,
                                     "ratio": None if not ref else round(hz / ref, 4)}
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="population sizes times this (in-degrees kept)")
    parser.add_argument("--out", default=None, help="output file (default pd14.json beside this script)")
    parser.add_argument("--rates", default=None, metavar="SPIKES.csv", help="print the rates of a run's spikes")
    parser.add_argument("--net", default=None, help="with --rates: the network file run (default pd14.json)")
    parser.add_argument("--from", dest="t_from", type=float, default=500.0, help="with --rates: first ms counted")
    parser.add_argument("--to", dest="t_to", type=float, default=None, help="with --rates: end ms (excluded)")
    args = parser.parse_args()
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    if args.rates:
        print(json.dumps(rates(args.rates, args.net or os.path.join(here, "pd14.json"), args.t_from, args.t_to),
                         indent=1))
        return
    if not 0 < args.scale <= 1:
        parser.error("--scale must be in (0, 1], found %g" % args.scale)
    out = args.out or os.path.join(here, "pd14.json")
    with open(out, "w") as f:
        json.dump(document(args.scale), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
