"""Twenty IF_cond_exp cells driven by Poisson-like spike trains (SpikeSourceArray, fixed NumPy seed)
through a FixedProbabilityConnector; records spikes, v and gsyn_exc of two cells.

Usage: python3 -m shnn.pynn small_network.py <simulator> [--out DIR]"""
import numpy as np

from common import simulator, extra_setup, save
from pyNN.parameters import Sequence
from pyNN.random import RandomDistribution, NumpyRNG

sim, options = simulator(__doc__.splitlines()[0])
n, w, simtime, rate = 20, 0.004, 1000.0, 50.0
params = {"tau_m": 20.0, "tau_syn_E": 2.0, "tau_syn_I": 4.0, "e_rev_E": 0.0, "e_rev_I": -70.0, "tau_refrac": 2.0,
          "v_rest": -60.0, "v_reset": -70.0, "v_thresh": -50.0, "cm": 0.5}
sim.setup(timestep=0.1, max_delay=1.0, **extra_setup(options))
cells = sim.Population(n, sim.IF_cond_exp(**params), label="cells",
                       initial_values={"v": RandomDistribution("uniform", (-60.0, -50.0), rng=NumpyRNG(seed=3))})
gen = np.random.RandomState(26278342)
trains = [Sequence(np.round(np.cumsum(1.0 + gen.exponential(1000.0 / rate - 1.0, size=100)), 1)) for _ in range(n)]
source = sim.Population(n, sim.SpikeSourceArray(spike_times=trains), label="input")
cells.record("spikes")
cells[0:2].record(("v", "gsyn_exc"))
sim.Projection(source, cells, sim.OneToOneConnector(), sim.StaticSynapse(weight=w * 2.5, delay=1.0))
sim.Projection(source, cells, sim.FixedProbabilityConnector(0.5, rng=NumpyRNG(seed=4)),
               sim.StaticSynapse(weight=w, delay=1.0))
sim.run(simtime)
cells.write_data("%s/small_network_%s.pkl" % (options.out, options.simulator))
seg = cells.get_data().segments[0]
counts = [len(st) for st in seg.spiketrains]
sim.end()
save(options, "small_network", {"mean_rate_hz": sum(counts) * 1000.0 / simtime / n, "spikes": sum(counts),
                                "spike_counts": counts})
