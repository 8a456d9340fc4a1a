"""A network of your own from Python: the network of examples/networks/cross-host.json described with
``shnn.Network`` and NumPy arrays (the explicit list is lent to the engine, not copied). For the same seed it
gives the same spikes, bit for bit, as the file run by the Java CLI, the C example own_network.c and Java code
(scripts/test-native compares).

Usage: PYTHONPATH=native-interop/python /usr/bin/python3 examples/python/own_network.py [--ms 300] [--threads 1]
Output: "spikes N", "sha256 HEX", "v_samples S of 3 neurons".
"""
import argparse

import numpy as np

import shnn


def network():
    cell = {"cm": 0.2, "tau_m": 20.0, "v_rest": -60.0, "v_thresh": -50.0, "v_reset": -60.0, "tau_refrac": 5.0,
            "e_rev_E": 0.0, "e_rev_I": -80.0, "tau_syn_E": 5.0, "tau_syn_I": 10.0, "i_offset": 0.2}
    net = shnn.Network("cross-host", dt=0.1, seed=7)
    for label, size in (("exc", 400), ("inh", 100)):
        net.population(label, size, "IF_cond_exp", cell, initial_values={"v": shnn.normal(-55.0, 5.0)})
    net.population("noise", 50, "SpikeSourcePoisson", {"rate": 20.0})
    p = {"type": "FixedProbabilityConnector", "p_connect": 0.05}
    net.projection("exc", "exc", p, weight=0.004, delay=0.2)
    net.projection("exc", "inh", p, weight=0.004, delay=0.2)
    net.projection("inh", "exc", p, weight=0.05, delay=0.2, receptor_type="inhibitory")
    net.projection("inh", "inh", p, weight=0.05, delay=0.2, receptor_type="inhibitory")
    k = np.arange(200)
    pre = (k % 50).astype(np.int32)
    post = ((k * 37) % 400).astype(np.int32)
    weights = 0.002 + 0.0001 * (k % 10)
    net.projection("noise", "exc", {"type": "FromListConnector", "pre": pre, "post": post, "weights": weights},
                   weight=0.0, delay=1.0)
    net.current_source("exc", "DCSource", neurons=list(range(10)), label="pulse", amplitude=0.1, start=50.0,
                       stop=150.0)
    net.record("exc", ["v"], neurons=[0, 1, 2], sampling_interval=1.0)
    return net


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ms", type=float, default=300.0)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    with shnn.Simulation.create(network(), threads=a.threads) as sim:
        sim.run(a.ms)
        print("spikes %d" % sim.spike_count)
        print("sha256 %s" % sim.raster_sha256().hex())
        times, v = sim.samples(0, "v")
        print("v_samples %d of %d neurons" % v.shape)


if __name__ == "__main__":
    main()
