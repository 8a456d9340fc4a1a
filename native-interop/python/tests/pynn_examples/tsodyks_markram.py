"""Tsodyks-Markram synapses (in the spirit of PyNN's tsodyksmarkram example): one spike train (20 Hz, then a
recovery probe) into three IF_cond_exp cells through a static, a depressing and a facilitating synapse;
records gsyn_exc and v.

Usage: python3 -m shnn.pynn tsodyks_markram.py <simulator> [--out DIR]"""
import numpy as np

from common import simulator, extra_setup, save

sim, options = simulator(__doc__.splitlines()[0])
sim.setup(timestep=0.1, min_delay=0.5, max_delay=2.0, **extra_setup(options))
spike_times = [10.0 + 50.0 * k for k in range(8)] + [900.0]
tau_syn = 3.0
source = sim.Population(1, sim.SpikeSourceArray(spike_times=spike_times), label="source")
cells = sim.Population(3, sim.IF_cond_exp(tau_syn_E=tau_syn, v_thresh=1e3), label="cells")
synapses = {"static": sim.StaticSynapse(weight=0.01, delay=0.5),
            "depressing": sim.TsodyksMarkramSynapse(U=0.5, tau_rec=800.0, tau_facil=0.0, weight=0.01, delay=0.5),
            "facilitating": sim.TsodyksMarkramSynapse(U=0.04, tau_rec=100.0, tau_facil=1000.0, weight=0.01,
                                                      delay=0.5)}
for k, (name, syn) in enumerate(synapses.items()):
    sim.Projection(source, cells[k:k + 1], sim.AllToAllConnector(), syn, receptor_type="excitatory", label=name)
cells.record(["gsyn_exc", "v"])
sim.run(1000.0)
cells.write_data("%s/tsodyks_markram_%s.pkl" % (options.out, options.simulator))
seg = cells.get_data().segments[0]
g = seg.filter(name="gsyn_exc")[0]
v = seg.filter(name="v")[0]
sim.end()
save(options, "tsodyks_markram", {"names": list(synapses), "spike_times": spike_times, "delay": 0.5,
                                  "tau_syn": tau_syn, "weight": 0.01, "dt": 0.1,
                                  "gsyn": np.asarray(g.magnitude).T.tolist(), "v": np.asarray(v.magnitude).T.tolist(),
                                  "g_dt": float(g.sampling_period)})
