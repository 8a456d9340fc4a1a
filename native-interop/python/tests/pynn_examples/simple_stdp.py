"""Pair STDP between regular spike trains (in the spirit of PyNN's simple_STDP example): five pre cells fire every
50 ms; five IF_curr_exp post cells are made to fire at a fixed offset from their pre cell (-20, -5, 5, 10, 30 ms)
by a strong driver; the weak plastic synapse pre -> post (additive SpikePairRule) potentiates for positive offsets
and depresses for negative ones. Records the post spikes; saves the final weights.

The pairing convention is PyNN's dendritic_delay_fraction, given on the command line as in PyNN's simple_STDP.py
(default 1.0, PyNN's): Brian2's backend takes only 0 (the delay axonal), SHNN's implements 0.5 exactly (the neurons'
own spike times); with the 0.1 ms delay below the two conventions pair spikes 0.1 ms apart.

Usage: python3 -m shnn.pynn simple_stdp.py <simulator> [--out DIR] [--dendritic-delay-fraction F]"""
import numpy as np

from common import simulator, extra_setup, save

sim, options = simulator(__doc__.splitlines()[0], (("--dendritic-delay-fraction",), {"type": float, "default": 1.0}))
offsets = [-20.0, -5.0, 5.0, 10.0, 30.0]
n, period, first, tstop = len(offsets), 50.0, 40.0, 1000.0
tau_plus, tau_minus, a_plus, a_minus, w_min, w_max, w0 = 20.0, 20.0, 0.01, 0.012, 0.0, 0.01, 0.005
sim.setup(timestep=0.1, min_delay=0.1, max_delay=2.0, **extra_setup(options))
pre_times = [np.arange(first, tstop - 60.0, period).tolist() for _ in range(n)]
driver_times = [(np.asarray(t) + d - 1.0).tolist() for t, d in zip(pre_times, offsets)]  # 1 ms delay below
pre = sim.Population(n, sim.SpikeSourceArray(spike_times=pre_times), label="pre")
driver = sim.Population(n, sim.SpikeSourceArray(spike_times=driver_times), label="driver")
post = sim.Population(n, sim.IF_curr_exp(tau_refrac=2.0, tau_syn_E=0.5), label="post")
sim.Projection(driver, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=60.0, delay=1.0))
stdp = sim.STDPMechanism(
    timing_dependence=sim.SpikePairRule(tau_plus=tau_plus, tau_minus=tau_minus, A_plus=a_plus, A_minus=a_minus),
    weight_dependence=sim.AdditiveWeightDependence(w_min=w_min, w_max=w_max), weight=w0, delay=0.1,
    dendritic_delay_fraction=options.dendritic_delay_fraction)
plastic = sim.Projection(pre, post, sim.OneToOneConnector(), stdp)
post.record("spikes")
sim.run(tstop)
weights = sorted(plastic.get("weight", format="list"))
post_times = [st.magnitude.tolist() for st in post.get_data().segments[0].spiketrains]
post.write_data("%s/simple_stdp_%s.pkl" % (options.out, options.simulator))
sim.end()
save(options, "simple_stdp", {"offsets": offsets, "weights": [w for _, _, w in weights], "pre_times": pre_times,
                              "post_times": post_times, "tau_plus": tau_plus, "tau_minus": tau_minus,
                              "A_plus": a_plus, "A_minus": a_minus, "w_max": w_max, "w0": w0,
                              "dendritic_delay_fraction": options.dendritic_delay_fraction})
