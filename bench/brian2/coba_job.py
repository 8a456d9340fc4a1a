#!/usr/bin/env python3
"""The Vogels-Abbott COBA network (the one of coba.py: 4000 neurons, p = 0.02, 1 s) as a Brian2 user runs it,
for the whole-job comparison (bench/wholejob.py, bench/RESULTS.md section 13): import Brian2, build, run, print
the rates, exit. Nothing is excluded; the caller times the whole process.

  coba_job.py --device runtime                 Brian2's runtime device, Cython code generation (its on-disk
                                               cache, ~/.cython/brian_extensions, warm after the first run)
  coba_job.py --device cpp_standalone --dir D  C++ standalone: code generation, compilation in D (give a fresh
                                               directory to include the whole compilation) and the run
"""
import argparse


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--device", choices=("runtime", "cpp_standalone"), required=True)
    p.add_argument("--dir", default=None)
    p.add_argument("--neurons", type=int, default=4000)
    p.add_argument("--duration", type=float, default=1.0)
    a = p.parse_args()
    from brian2 import (NeuronGroup, Synapses, SpikeMonitor, run, ms, mV, second, set_device, prefs, seed,
                        defaultclock)
    if a.device == "cpp_standalone":
        set_device("cpp_standalone", directory=a.dir)
    else:
        prefs.codegen.target = "cython"
    defaultclock.dt = 0.1 * ms
    seed(1234)
    n = a.neurons
    n_exc = n * 4 // 5
    taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
    Vt, Vr, El = -50 * mV, -60 * mV, -60 * mV
    Ee, Ei = 0 * mV, -80 * mV
    I = 20 * mV
    we, wi = 6.0 / 10.0, 67.0 / 10.0
    eqs = """
    dv/dt  = (ge*(Ee-v) + gi*(Ei-v) - (v-El) + I)/taum : volt (unless refractory)
    dge/dt = -ge/taue : 1
    dgi/dt = -gi/taui : 1
    """
    P = NeuronGroup(n, eqs, threshold="v>Vt", reset="v = Vr", refractory=5 * ms, method="exponential_euler")
    P.v = "-55*mV + 5*mV*randn()"
    P.ge = 0
    P.gi = 0
    Ce = Synapses(P[:n_exc], P, on_pre="ge += we")
    Ci = Synapses(P[n_exc:], P, on_pre="gi += wi")
    Ce.connect(p=80.0 / n)
    Ci.connect(p=80.0 / n)
    me = SpikeMonitor(P[:n_exc], record=False)
    mi = SpikeMonitor(P[n_exc:], record=False)
    run(a.duration * second)
    print(f"rate exc {me.num_spikes / n_exc / a.duration:.2f} Hz, inh {mi.num_spikes / (n - n_exc) / a.duration:.2f} Hz")


if __name__ == "__main__":
    main()
