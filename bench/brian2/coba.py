#!/usr/bin/env python3
"""Vogels-Abbott COBA (Brette et al. 2007, benchmark 1) on Brian2's C++ standalone device.

Parameters (the Brian2 COBA benchmark, as in SHNN's BuiltinNetworks.coba): C_m 200 pF, g_L 10 nS
(tau_m 20 ms), E_l -60 mV, V_t -50 mV, V_r -60 mV, refractory 5 ms, E_e 0 mV, E_i -80 mV,
tau_e 5 ms, tau_i 10 ms, conductance jumps w_e 6 nS and w_i 67 nS (ge, gi in units of g_L: 0.6 and
6.7), constant drive I = 20 mV in voltage units (200 pA); v ~ N(-55, 5) mV, ge = gi = 0.
80% excitatory, connection probability 80/N (0.02 at N = 4000), no delays (a spike acts from the
next step), dt 0.1 ms. Integration: --method (default exponential_euler; the equations are not
linear in v).
Usage: coba.py --neurons N --threads T --duration S [--runs K] [--json FILE] [--device runtime]; prints JSON
(see va_common; --device runtime runs Brian2's runtime device with Cython code generation).
"""
import sys
import time

import va_common


def main():
    method = "exponential_euler"
    if "--method" in sys.argv:
        k = sys.argv.index("--method")
        method = sys.argv[k + 1]
        del sys.argv[k:k + 2]
    args = va_common.parse_args("coba")
    from brian2 import NeuronGroup, Synapses, SpikeMonitor, Network, run, ms, mV, second
    va_common.setup_device(args)
    t_construct = time.perf_counter()
    n = args.neurons
    n_exc = n * 4 // 5
    n_inh = n - n_exc
    taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
    Vt, Vr, El = -50 * mV, -60 * mV, -60 * mV
    Ee, Ei = 0 * mV, -80 * mV
    I = 20 * mV  # constant drive: 200 pA through 1/g_L = 100 MOhm
    we, wi = 6.0 / 10.0, 67.0 / 10.0  # in units of g_L = 10 nS
    eqs = """
    dv/dt  = (ge*(Ee-v) + gi*(Ei-v) - (v-El) + I)/taum : volt (unless refractory)
    dge/dt = -ge/taue : 1
    dgi/dt = -gi/taui : 1
    """
    P = NeuronGroup(n, eqs, threshold="v>Vt", reset="v = Vr", refractory=5 * ms, method=method)
    P.v = "-55*mV + 5*mV*randn()"
    P.ge = 0
    P.gi = 0
    Ce = Synapses(P[:n_exc], P, on_pre="ge += we")
    Ci = Synapses(P[n_exc:], P, on_pre="gi += wi")
    p = 80.0 / n
    Ce.connect(p=p)
    Ci.connect(p=p)
    me = SpikeMonitor(P[:n_exc], record=False)
    mi = SpikeMonitor(P[n_exc:], record=False)
    params = {"C_m_pF": 200, "g_L_nS": 10, "tau_m_ms": 20, "tau_e_ms": 5, "tau_i_ms": 10, "E_l_mV": -60,
              "V_t_mV": -50, "V_r_mV": -60, "E_e_mV": 0, "E_i_mV": -80, "refractory_ms": 5,
              "w_e_nS": 6, "w_i_nS": 67, "I_e_pA": 200, "method": method,
              "init": "v ~ N(-55, 5) mV, ge = gi = 0"}
    if args.device == "runtime":
        args.construct_s = time.perf_counter() - t_construct
        va_common.run_runtime(args, "coba", params, Network(P, Ce, Ci, me, mi), me, mi, Ce, Ci, n_exc, n_inh,
                              namespace=dict(locals()))
    else:
        run(args.duration * second)
        va_common.build_and_run(args, "coba", params, me, mi, Ce, Ci, n_exc, n_inh)


if __name__ == "__main__":
    main()
