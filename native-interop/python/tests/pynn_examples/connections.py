"""Connectors (in the spirit of PyNN's connections example): each standard connector between small populations on
grids, with the counts per projection, per target and per source; a short run through one of them.

Usage: python3 -m shnn.pynn connections.py <simulator> [--out DIR]"""
import os

import numpy as np

from common import simulator, extra_setup, save
from pyNN.random import NumpyRNG
from pyNN.space import Grid2D

sim, options = simulator(__doc__.splitlines()[0])
sim.setup(timestep=0.1, min_delay=0.5, max_delay=2.0, **extra_setup(options))
pre = sim.Population(36, sim.SpikeSourceArray(spike_times=[5.0, 15.0]), structure=Grid2D(dx=1.0, dy=1.0), label="pre")
post = sim.Population(25, sim.IF_curr_exp(), structure=Grid2D(dx=1.2, dy=1.2), label="post")
rng = NumpyRNG(seed=42)
listed = [(i, (3 * i) % 25, 0.1 + 0.01 * i, 0.5 + 0.1 * (i % 5)) for i in range(36)]
path = os.path.join(options.out, "connections_%s.txt" % options.simulator)
np.savetxt(path, listed, header="columns = ['i', 'j', 'weight', 'delay']")
connectors = {
    "AllToAll": sim.AllToAllConnector(),
    "OneToOne": None,  # pre and post differ in size: a view of pre below
    "FixedProbability": sim.FixedProbabilityConnector(0.3, rng=rng),
    "FixedNumberPre": sim.FixedNumberPreConnector(4, rng=rng),
    "FixedNumberPost": sim.FixedNumberPostConnector(3, rng=rng),
    "FixedTotalNumber": sim.FixedTotalNumberConnector(100, rng=rng),
    "DistanceDependent": sim.DistanceDependentProbabilityConnector("d < 1.5", rng=rng),
    "DistanceDependentExp": sim.DistanceDependentProbabilityConnector("exp(-d)", rng=rng),
    "FromList": sim.FromListConnector(listed, column_names=["weight", "delay"]),
    "FromFile": sim.FromFileConnector(path),
    "Array": sim.ArrayConnector(np.arange(36 * 25).reshape(36, 25) % 7 == 0),
}
counts = {}
projections = {}
for name, c in connectors.items():
    if name == "OneToOne":
        prj = sim.Projection(pre[0:25], post, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.5, delay=1.0))
    else:
        prj = sim.Projection(pre, post, c, sim.StaticSynapse(weight=0.5, delay=1.0), label=name)
    projections[name] = prj
post.record("spikes")
sim.run(30.0)
for name, prj in projections.items():
    conns = np.array(prj.get(["weight", "delay"], format="list")).reshape(-1, 4)
    i, j = conns[:, 0].astype(int), conns[:, 1].astype(int)
    counts[name] = {"total": int(len(i)), "per_post": np.bincount(j, minlength=25).tolist(),
                    "per_pre": np.bincount(i, minlength=prj.pre.size).tolist(),
                    "pairs": sorted(zip(i.tolist(), j.tolist())) if name in (
                        "AllToAll", "OneToOne", "DistanceDependent", "FromList", "FromFile", "Array") else None,
                    "weights": sorted(conns[:, 2].round(6).tolist()) if name in ("FromList", "FromFile") else None}
spikes = sum(len(st) for st in post.get_data().segments[0].spiketrains)
sim.end()
save(options, "connections", {"counts": counts, "post_spikes": spikes})
