"""Cells of the standard neuron types (all but EIF_cond_exp_isfa_ista and Izhikevich), on any PyNN backend.

Per type, one cell driven by a DCSource (repetitive firing) and one by a SpikeSourceArray through an excitatory and
an inhibitory projection (subthreshold synaptic responses); records spikes, v and, where the type has them, gsyn_exc,
gsyn_inh and w, every 0.1 ms at dt = 0.01 ms. The types: IF_curr_exp, IF_cond_exp, IF_curr_alpha, IF_curr_delta,
IF_cond_alpha, IF_cond_exp_gsfa_grr, EIF_cond_alpha_isfa_ista, HH_cond_exp (EIF_cond_exp_isfa_ista: PyNN 0.10.1's
Brian2 backend cannot build it; Izhikevich: izhikevich.py).

Parameters chosen so that PyNN 0.10.1's Brian2 backend simulates the same model as the standard type describes:
IF_curr_alpha gets tau_syn_I = tau_syn_E (that backend's inhibitory alpha current decays with tau_syn_E);
EIF_cond_alpha_isfa_ista gets v_spike = v_thresh + 5 delta_T (that backend detects spikes there, ignoring v_spike).
Where that backend's model of a type differs from PyNN's definition, the test (test_pynn_cells.py) says so and
checks SHNN against a closed form or a model integrated in NumPy instead.

Usage: python3 -m shnn.pynn cell_types.py <simulator> [--out DIR]"""
import numpy as np

from common import simulator, extra_setup, save

sim, options = simulator(__doc__.splitlines()[0])
DT, SAMPLING, TSTOP, DELAY = 0.01, 0.1, 200.0, 1.0
EXC_TIMES, INH_TIMES = [20.0, 24.0, 60.0, 63.0, 66.0], [110.0, 140.0, 143.0]
CELLS = {
    # type: (parameters, DC amplitude in nA, excitatory weight, inhibitory weight (nA, mV or uS))
    "IF_curr_exp": ({"tau_refrac": 2.0, "tau_syn_E": 2.0, "tau_syn_I": 4.0}, 1.0, 0.5, -0.5),
    "IF_cond_exp": ({"tau_refrac": 2.0, "tau_syn_E": 2.0, "tau_syn_I": 5.0}, 1.0, 0.01, 0.02),
    "IF_curr_alpha": ({"tau_refrac": 2.0, "tau_syn_E": 2.0, "tau_syn_I": 2.0}, 1.0, 0.5, -0.5),
    "IF_curr_delta": ({"tau_refrac": 2.0}, 1.0, 2.0, -2.0),
    "IF_cond_alpha": ({"tau_refrac": 2.0, "tau_syn_E": 2.0, "tau_syn_I": 5.0}, 1.0, 0.01, 0.02),
    "IF_cond_exp_gsfa_grr": ({"tau_refrac": 2.0}, 1.5, 0.01, 0.02),
    "EIF_cond_alpha_isfa_ista": ({"tau_refrac": 2.0, "v_spike": -50.4 + 5 * 2.0}, 1.0, 0.005, 0.01),
    "HH_cond_exp": ({}, 0.5, 0.005, 0.01),
}
VARIABLES = ("v", "gsyn_exc", "gsyn_inh", "w")

sim.setup(timestep=DT, min_delay=DELAY, max_delay=DELAY, **extra_setup(options))
exc = sim.Population(1, sim.SpikeSourceArray(spike_times=EXC_TIMES), label="exc")
inh = sim.Population(1, sim.SpikeSourceArray(spike_times=INH_TIMES), label="inh")
populations = {}
for name, (params, amplitude, w_exc, w_inh) in CELLS.items():
    celltype = getattr(sim, name)(**params)
    p = sim.Population(2, celltype, label=name)
    sim.DCSource(amplitude=amplitude, start=20.0, stop=170.0).inject_into(p[0:1])
    sim.Projection(exc, p[1:2], sim.AllToAllConnector(), sim.StaticSynapse(weight=w_exc, delay=DELAY),
                   receptor_type="excitatory")
    sim.Projection(inh, p[1:2], sim.AllToAllConnector(), sim.StaticSynapse(weight=w_inh, delay=DELAY),
                   receptor_type="inhibitory")
    p.record(["spikes"] + [v for v in VARIABLES if v in celltype.recordable], sampling_interval=SAMPLING)
    populations[name] = p
sim.run(TSTOP)
result = {"dt": DT, "sampling_interval": SAMPLING, "delay": DELAY, "exc_times": EXC_TIMES, "inh_times": INH_TIMES,
          "cells": {}}
for name, p in populations.items():
    p.write_data("%s/cell_types_%s_%s.pkl" % (options.out, name, options.simulator))
    seg = p.get_data().segments[0]
    cell = {"spike_times": [st.magnitude.tolist() for st in seg.spiketrains],
            "parameters": CELLS[name][0], "weights": list(CELLS[name][2:])}
    for signal in seg.analogsignals:
        cell[signal.name] = np.asarray(signal.magnitude).T.tolist()
        cell["sampling_period"] = float(signal.sampling_period)
    result["cells"][name] = cell
sim.end()
save(options, "cell_types", result)
