"""Spatial structure and the engine's own generator on the SHNN PyNN backend: Line structures other than PyNN's
default (dx, x0, y, z) and DistanceDependentProbabilityConnector over them, and NativeRNG.

The engine draws the connections of a projection between whole populations from its own generator, so their
realization differs from PyNN's other backends; the checks are against distances computed here from PyNN's
positions: a distance expression that is 0 or 1 (``d < r``) must give exactly the pairs closer than r (what PyNN's
Brian2 backend gives too: with probabilities 0 and 1 every generator draws the same), and a graded one
(``exp(-d/l)``) a synapse count within 4 standard deviations of the sum of the pair probabilities."""

import unittest
import warnings

import numpy as np

import shnn.pynn as sim
from pyNN.random import NumpyRNG, RandomDistribution
from pyNN.space import Line, Space

RADIUS = 4.2


def distances(a, b, axes=slice(None)):
    """(a.size, b.size) Euclidean distances between the cells of two populations, from PyNN's positions."""
    pa, pb = a.positions[axes].T, b.positions[axes].T
    return np.linalg.norm(pa[:, None, :] - pb[None, :, :], axis=-1)


def pairs(projection):
    return sorted((int(i), int(j)) for i, j, _ in projection.get("weight", format="list"))


class LineTest(unittest.TestCase):

    def setUp(self):
        sim.setup(timestep=0.1, seed=3)
        self.a = sim.Population(12, sim.IF_curr_exp(), structure=Line(dx=2.5, x0=-4.0, y=1.5, z=-2.0), label="a")
        self.b = sim.Population(10, sim.IF_curr_exp(), structure=Line(dx=1.5, x0=3.0, y=-1.0, z=0.5), label="b")

    def tearDown(self):
        sim.end()

    def test_positions_of_a_line_other_than_the_default(self):
        np.testing.assert_array_equal(self.a.positions.T, [[-4.0 + 2.5 * i, 1.5, -2.0] for i in range(12)])
        np.testing.assert_array_equal(self.b[2:4].positions.T, [[6.0, -1.0, 0.5], [7.5, -1.0, 0.5]])

    def test_distance_dependent_connector_connects_exactly_the_pairs_within_a_radius(self):
        d = distances(self.a, self.b)
        self.assertGreater(np.min(np.abs(d - RADIUS)), 1e-3, "no pair at the edge of the radius")
        expected = sorted(zip(*(x.tolist() for x in np.nonzero(d < RADIUS))))
        self.assertGreater(len(expected), 5)
        self.assertLess(len(expected), d.size - 5)
        engine = sim.Projection(self.a, self.b, sim.DistanceDependentProbabilityConnector("d < %g" % RADIUS),
                                sim.StaticSynapse(weight=0.1, delay=1.0), label="engine")
        # PyNN's connector code: a Space measuring along x alone makes the backend build the list in Python
        along_x = sim.Projection(self.a, self.b, sim.DistanceDependentProbabilityConnector("d < %g" % RADIUS),
                                 sim.StaticSynapse(weight=0.1, delay=1.0), space=Space(axes="x"), label="along_x")
        self.assertIsNotNone(engine._native, "drawn by the engine")
        self.assertIsNone(along_x._native, "built by PyNN's connector code")
        self.assertEqual(pairs(engine), expected)
        dx = distances(self.a, self.b, axes=slice(0, 1))
        self.assertEqual(pairs(along_x), sorted(zip(*(x.tolist() for x in np.nonzero(dx < RADIUS)))))
        self.assertNotEqual(pairs(along_x), expected, "y and z of the lines count in 3-D")

    def test_graded_distance_dependence_draws_the_expected_count_from_the_seed(self):
        def count(seed):
            sim.setup(timestep=0.1, seed=seed)
            a = sim.Population(60, sim.IF_curr_exp(), structure=Line(dx=0.5, x0=-10.0, y=2.0, z=1.0), label="a")
            b = sim.Population(50, sim.IF_curr_exp(), structure=Line(dx=0.7, x0=0.0, y=-1.0, z=0.0), label="b")
            prj = sim.Projection(a, b, sim.DistanceDependentProbabilityConnector("exp(-d/3.0)"),
                                 sim.StaticSynapse(weight=0.1, delay=1.0))
            return pairs(prj), np.exp(-distances(a, b) / 3.0)

        first, p = count(5)
        mean, sd = p.sum(), np.sqrt((p * (1 - p)).sum())
        self.assertLess(abs(len(first) - mean), 4 * sd, "%d synapses, expected %.1f +- %.1f" % (len(first), mean, sd))
        # the close pairs are taken more often than the far ones: the mean probability of the drawn pairs
        drawn = np.array([p[i, j] for i, j in first])
        self.assertGreater(drawn.mean(), (p ** 2).sum() / p.sum() - 4 * p.std() / np.sqrt(len(first)))
        self.assertEqual(count(5)[0], first, "the same seed draws the same synapses")
        self.assertNotEqual(count(6)[0], first, "another seed draws others")


class NativeRngTest(unittest.TestCase):

    def tearDown(self):
        sim.end()

    def network(self, seed, rng_seed=None):
        sim.setup(timestep=0.1, seed=seed)
        a = sim.Population(20, sim.IF_curr_exp(), label="a")
        b = sim.Population(15, sim.IF_curr_exp(), label="b")
        rng = sim.NativeRNG(rng_seed)
        prj = sim.Projection(a, b, sim.FixedProbabilityConnector(0.5, rng=rng),
                             sim.StaticSynapse(weight=RandomDistribution("uniform", (0.1, 0.2), rng=rng),
                                               delay=RandomDistribution("uniform", (0.5, 1.5), rng=rng)))
        return prj, a

    def test_the_engine_draws_connections_weights_and_delays_from_the_seed_of_setup(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the seed of setup() given again, or none: no warning
            prj, _ = self.network(8, 8)
            rows = np.array(prj.get(["weight", "delay"], format="list"))
            self.assertIsNotNone(prj._native)
            self.assertEqual(np.array(self.network(8)[0].get(["weight", "delay"], format="list")).tolist(),
                             rows.tolist())
        self.assertLess(abs(len(rows) - 150), 4 * np.sqrt(300 * 0.25))
        self.assertTrue(np.all((rows[:, 2] >= 0.1) & (rows[:, 2] < 0.2)) and np.unique(rows[:, 2]).size > 100)
        self.assertTrue(np.all((rows[:, 3] >= 0.5 - 1e-9) & (rows[:, 3] <= 1.5 + 1e-9)))
        other = np.array(self.network(9)[0].get(["weight", "delay"], format="list"))
        self.assertNotEqual(other[:, :2].tolist(), rows[:, :2].tolist(), "another seed of setup(), other synapses")

    def test_another_seed_warns_that_the_engine_uses_the_seed_of_setup(self):
        with self.assertWarns(UserWarning) as ctx:
            self.network(8, 99)
        self.assertIn("seed of setup() (8), not NativeRNG(seed=99)", str(ctx.warning))

    def test_values_pynn_draws_in_python_are_refused_naming_the_remedy(self):
        _, a = self.network(8)
        for draw in (lambda: a.initialize(v=RandomDistribution("uniform", (-70.0, -60.0), rng=sim.NativeRNG())),
                     lambda: a.set(tau_m=RandomDistribution("normal", (20.0, 2.0), rng=sim.NativeRNG())),
                     lambda: sim.Projection(a[0:5], a[5:10], sim.FixedProbabilityConnector(0.5, rng=sim.NativeRNG()))):
            with self.assertRaises(NotImplementedError) as ctx:
                draw()
            self.assertIn("SHNN's NativeRNG draws inside the engine only", str(ctx.exception))
            self.assertIn("NumpyRNG", str(ctx.exception))
        a.initialize(v=RandomDistribution("uniform", (-70.0, -60.0), rng=NumpyRNG(seed=1)))  # the remedy


if __name__ == "__main__":
    unittest.main()
