#!/usr/bin/env python3
"""Builds the Vogels-Abbott COBA network in SHNN from Python, runs it for 1 s and prints the rates.

Run from the repository root (after scripts/build-native):
    PYTHONPATH=native-interop/python /usr/bin/python3 examples/python/coba.py [--seed 42] [--png raster.png]
Prints "spikes N", "rate_hz R" (mean over all neurons), the excitatory and inhibitory rates (the
first 80 % of the neurons are excitatory) and "sha256 HEX" of the raster, which equals the Java run
with the same seed. Saves a raster plot only if --png is given and matplotlib is installed.
"""

import argparse
import sys

import shnn


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--neurons", type=int, default=4000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--ms", type=float, default=1000.0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--png", help="save a raster plot here (needs matplotlib)")
    a = p.parse_args()

    with shnn.Simulation.builtin("coba", a.neurons, a.seed, a.threads) as sim:
        sim.run(a.ms)
        steps, neurons = sim.spikes()
        n = sim.neuron_count
        n_exc = n * 4 // 5
        seconds = a.ms / 1000.0
        if shnn._np is not None:
            exc = int((neurons < n_exc).sum())
        else:
            exc = sum(1 for x in neurons if x < n_exc)
        print("spikes %d" % len(neurons))
        print("rate_hz %.3f" % (len(neurons) / n / seconds))
        print("exc_rate_hz %.3f" % (exc / n_exc / seconds))
        print("inh_rate_hz %.3f" % ((len(neurons) - exc) / (n - n_exc) / seconds))
        print("sha256 %s" % sim.raster_sha256().hex())
        if a.png:
            try:
                import matplotlib
                matplotlib.use("Agg")
                import matplotlib.pyplot as plt
            except ImportError:
                print("matplotlib not installed: no plot", file=sys.stderr)
                return
            t = [s * sim.dt for s in steps] if shnn._np is None else steps * sim.dt
            plt.figure(figsize=(8, 4))
            plt.plot(t, neurons, ",k")
            plt.xlabel("time (ms)")
            plt.ylabel("neuron")
            plt.title("COBA, %d neurons, seed %d" % (n, a.seed))
            plt.savefig(a.png, dpi=120)
            print("raster saved to %s" % a.png)


if __name__ == "__main__":
    main()
