"""Synapse parameters given per connection on the SHNN backend (FromListConnector's extra columns, random
distributions of TsodyksMarkramSynapse or STDP parameters): the connections are grouped by their values, one engine
projection per group. Checked against separate projections with one value each, and against the linearity of a
passive membrane (the first PSP scales with U)."""

import unittest

import numpy as np

import shnn.pynn as sim
from pyNN.random import NumpyRNG, RandomDistribution

TRAIN = [5.0 + 20.0 * k for k in range(8)]
U = [0.1, 0.5, 0.9, 0.5]


def network():
    sim.setup(timestep=0.1)
    src = sim.Population(4, sim.SpikeSourceArray(spike_times=[TRAIN] * 4), label="src")
    dst = sim.Population(4, sim.IF_curr_exp(v_thresh=1e3), label="dst")
    dst.record("v")
    return src, dst


def traces(dst):
    sim.run(170.0)
    return dst.get_data().segments[0].filter(name="v")[0].magnitude


class PerConnectionTest(unittest.TestCase):

    def tearDown(self):
        sim.end()

    def test_from_list_column_of_u_equals_one_projection_per_value(self):
        src, dst = network()
        rows = [(i, i, 0.5, 1.0, u) for i, u in enumerate(U)]
        prj = sim.Projection(src, dst, sim.FromListConnector(rows, column_names=["weight", "delay", "U"]),
                             sim.TsodyksMarkramSynapse(tau_rec=200.0, tau_facil=0.0))
        self.assertEqual(sorted(prj.get(["U"], format="list")), [(i, i, u) for i, u in enumerate(U)])
        self.assertEqual(len(prj._parts), 3)  # three distinct values of U: three engine projections
        grouped = traces(dst)
        src, dst = network()
        for i, u in enumerate(U):
            sim.Projection(src[i:i + 1], dst[i:i + 1], sim.OneToOneConnector(),
                           sim.TsodyksMarkramSynapse(U=u, tau_rec=200.0, tau_facil=0.0, weight=0.5, delay=1.0))
        np.testing.assert_array_equal(grouped, traces(dst))
        # a passive membrane is linear in the input: the first PSP (before any depression) scales with U
        first = grouped[int(round((TRAIN[0] + 1.0 + 5.0) / 0.1))] - grouped[0]
        np.testing.assert_allclose(first / first[1], np.asarray(U) / U[1], rtol=1e-6)
        self.assertLess(grouped[-1, 2] - grouped[0, 2], first[2])  # U = 0.9 depresses

    def test_random_u_and_stdp_bounds_per_connection(self):
        src, dst = network()
        tm = sim.Projection(src, dst, sim.AllToAllConnector(),
                            sim.TsodyksMarkramSynapse(U=RandomDistribution("uniform", low=0.2, high=0.8,
                                                                           rng=NumpyRNG(seed=7)), weight=0.1))
        u = np.array(tm.get("U", format="list"))[:, 2]
        self.assertEqual(len(u), 16)
        self.assertTrue(np.all((u >= 0.2) & (u < 0.8)) and len(set(u)) == 16)
        stdp = sim.STDPMechanism(timing_dependence=sim.SpikePairRule(),
                                 weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=1.0), weight=0.1)
        rows = [(0, 1, 0.1, 1.0, 0.5), (1, 2, 0.1, 1.0, 2.0), (2, 3, 0.2, 1.0, 0.5)]
        pl = sim.Projection(src, dst, sim.FromListConnector(rows, column_names=["weight", "delay", "w_max"]), stdp)
        self.assertEqual(sorted(pl.get(["w_max"], format="list")), [(0, 1, 0.5), (1, 2, 2.0), (2, 3, 0.5)])
        self.assertEqual(len(pl._parts), 2)
        sim.run(20.0)  # the groups build and run

    def test_errors(self):
        src, dst = network()
        with self.assertRaises(ValueError) as ctx:
            sim.Projection(src, dst, sim.FromListConnector([(0, 0, 0.5, 1.0, 3.0)],
                                                           column_names=["weight", "delay", "tau_psc"]),
                           sim.TsodyksMarkramSynapse())
        self.assertIn("tau_psc is not a valid parameter", str(ctx.exception))
        big = sim.Population(20, sim.SpikeSourcePoisson(rate=1.0), label="big")
        with self.assertRaises(NotImplementedError) as ctx:
            sim.Projection(big, sim.Population(20, sim.IF_curr_exp(), label="many"), sim.AllToAllConnector(),
                           sim.TsodyksMarkramSynapse(U=RandomDistribution("uniform", low=0.1, high=0.9)))
        self.assertIn("at most 256", str(ctx.exception))
        self.assertIn("U", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
