#!/usr/bin/env python3
"""Vogels-Abbott CUBA (Brette et al. 2007, benchmark 2) as in Brian2's examples/CUBA.py, on C++ standalone.

Parameters (Brian2's example): tau_m 20 ms, tau_e 5 ms, tau_i 10 ms, V_t -50 mV, V_r -60 mV,
E_l -49 mV, refractory 5 ms; current-based synapses written as voltages (w_e = 60*0.27/10 = 1.62 mV,
w_i = -20*4.5/10 = -9 mV, i.e. 16.2 pA and -90 pA through R = tau_m/C = 100 MOhm); exact
integration (linear equations); v initialised uniformly in [V_r, V_t], g_e = g_i = 0; 80% excitatory;
connection probability 80/N (0.02 at N = 4000); no delays (a spike acts from the next step); dt 0.1 ms.
Usage: cuba.py --neurons N --threads T --duration S [--runs K] [--json FILE] [--device runtime]; prints JSON
(see va_common; --device runtime runs Brian2's runtime device with Cython code generation).
"""
import time

import va_common


def main():
    args = va_common.parse_args("cuba")
    from brian2 import NeuronGroup, Synapses, SpikeMonitor, Network, run, ms, mV, second
    va_common.setup_device(args)
    t_construct = time.perf_counter()
    n = args.neurons
    n_exc = n * 4 // 5
    n_inh = n - n_exc
    taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
    Vt, Vr, El = -50 * mV, -60 * mV, -49 * mV
    we, wi = (60 * 0.27 / 10) * mV, (-20 * 4.5 / 10) * mV
    eqs = """
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    """
    P = NeuronGroup(n, eqs, threshold="v>Vt", reset="v = Vr", refractory=5 * ms, method="exact")
    P.v = "Vr + rand() * (Vt - Vr)"
    P.ge = 0 * mV
    P.gi = 0 * mV
    Ce = Synapses(P[:n_exc], P, on_pre="ge += we")
    Ci = Synapses(P[n_exc:], P, on_pre="gi += wi")
    p = 80.0 / n
    Ce.connect(p=p)
    Ci.connect(p=p)
    me = SpikeMonitor(P[:n_exc], record=False)
    mi = SpikeMonitor(P[n_exc:], record=False)
    params = {"tau_m_ms": 20, "tau_e_ms": 5, "tau_i_ms": 10, "V_t_mV": -50, "V_r_mV": -60, "E_l_mV": -49,
              "refractory_ms": 5, "w_e_mV": 1.62, "w_i_mV": -9.0, "method": "exact",
              "init": "v ~ U(V_r, V_t), ge = gi = 0"}
    if args.device == "runtime":
        args.construct_s = time.perf_counter() - t_construct
        va_common.run_runtime(args, "cuba", params, Network(P, Ce, Ci, me, mi), me, mi, Ce, Ci, n_exc, n_inh,
                              namespace=dict(locals()))
    else:
        run(args.duration * second)
        va_common.build_and_run(args, "cuba", params, me, mi, Ce, Ci, n_exc, n_inh)


if __name__ == "__main__":
    main()
