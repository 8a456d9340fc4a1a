"""Tests of shnn.Network, networks of one's own described from Python (run by scripts/test-native)."""

import json
import os
import unittest

import numpy as np

import shnn

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
CROSS_HOST = os.path.join(ROOT, "examples", "networks", "cross-host.json")


def small(seed=3, **record):
    net = shnn.Network("small", dt=0.1, seed=seed)
    net.population("a", 80, "IF_curr_exp", {"i_offset": 1.0, "tau_refrac": 2.0},
                   initial_values={"v": shnn.uniform(-65.0, -55.0)})
    net.population("src", 20, "SpikeSourcePoisson", {"rate": 50.0})
    net.projection("a", "a", {"type": "FixedProbabilityConnector", "p_connect": 0.1}, weight=0.05, delay=0.5)
    net.projection("src", "a", {"type": "AllToAllConnector"}, weight=shnn.normal_clipped(0.1, 0.02, low=0.0), delay=1.0)
    if record:
        net.record("a", **record)
    return net


class NetworkTest(unittest.TestCase):

    def run_net(self, net, ms=100.0, threads=1):
        with shnn.Simulation.create(net, threads=threads) as sim:
            sim.run(ms)
            return sim.spike_count, sim.raster_sha256()

    def test_same_raster_for_any_thread_count_and_seed_changes_it(self):
        one = self.run_net(small())
        self.assertGreater(one[0], 0)
        self.assertEqual(one, self.run_net(small(), threads=2))
        self.assertNotEqual(one[1], self.run_net(small(seed=4))[1])

    def test_a_choice_of_recorded_spikes_keeps_theirs_and_the_counts_see_every_spike(self):
        with shnn.Simulation.create(small(), threads=2) as every:
            every.run(100.0)
            counts = every.population_spike_counts()
            steps, ids = every.spikes()
            self.assertEqual(counts, [int((ids < 80).sum()), int((ids >= 80).sum())])
            self.assertEqual(sum(counts), every.spike_count)
            kept = (steps[ids % 10 == 3], ids[ids % 10 == 3])  # a[3, 13, ..., 73], none of src
        with shnn.Simulation.create(small(variables=["spikes"], neurons=list(range(3, 80, 10))), threads=1) as chosen:
            chosen.run(100.0)
            self.assertEqual(chosen.population_spike_counts(), counts)
            steps, ids = chosen.spikes()
            np.testing.assert_array_equal(steps, kept[0][kept[1] < 80])
            np.testing.assert_array_equal(ids, kept[1][kept[1] < 80])
            self.assertLess(chosen.spike_count, sum(counts))

    def test_hyperedges_and_triplet_presets_from_python(self):
        def net(with_hyperedges):
            n = small()
            n.population("b", 10, "IF_curr_exp", {"tau_m": [10.0 + k for k in range(10)]})
            n.projection("a", "b", {"type": "FixedProbabilityConnector", "p_connect": 0.2},
                         weight=shnn.uniform(0.1, 0.3), delay=1.0,
                         synapse_type={"type": "STDPMechanism",
                                       "timing_dependence": {"type": "TripletRule",
                                                             "preset": "hippocampal_nearest_full"},
                                       "weight_dependence": {"type": "MultiplicativeWeightDependence",
                                                             "w_min": 0.0, "w_max": 0.5}})
            if with_hyperedges:
                n.hyperedges("a", "b", [{"type": "many_to_one", "sources": list(range(20)), "targets": [0],
                                         "min_spikes": 3, "window": 2.0, "delay": 0.5, "weight": 2.0}])
            return n
        with_h = self.run_net(net(True))
        self.assertEqual(with_h, self.run_net(net(True), threads=2))
        self.assertNotEqual(with_h[1], self.run_net(net(False))[1], "the hyperedges change the run")
        self.assertEqual(net(True).document()["hyperedges"][0]["label"], "a=>b")

    def test_the_description_is_the_network_file_form(self):
        doc = shnn.Network.from_file(CROSS_HOST).document()
        with open(CROSS_HOST) as f:
            self.assertEqual(doc, json.load(f))

    def test_file_and_python_give_one_raster(self):
        here = os.path.join(ROOT, "examples", "python")
        import importlib.util
        spec = importlib.util.spec_from_file_location("own_network", os.path.join(here, "own_network.py"))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        self.assertEqual(self.run_net(shnn.Network.from_file(CROSS_HOST), 50.0), self.run_net(mod.network(), 50.0))

    def test_lent_arrays_any_dtype_or_layout_and_inline_lists_agree(self):
        k = np.arange(300)
        pre, post, w = (k * 7) % 20, (k * 13) % 80, 0.05 + 0.001 * (k % 7)

        def with_list(pre, post, w):
            net = small()
            net.projection("src", "a", {"type": "FromListConnector", "pre": pre, "post": post, "weights": w},
                           weight=0.0, delay=0.3, label="list")
            return self.run_net(net)

        lent = with_list(pre.astype(np.int32), post.astype(np.int64), w)
        self.assertEqual(lent, with_list(pre.tolist(), post.tolist(), w.tolist()))
        strided = np.zeros(600, dtype=np.int16)[::2]  # neither contiguous nor a lent dtype: converted first
        strided[:] = pre
        self.assertEqual(lent, with_list(strided, post.astype(np.float32), w.astype(np.float32).astype(np.float64)))

    def test_samples_are_in_pynn_units(self):
        net = shnn.Network("trace", dt=0.1, seed=1)
        net.population("n", 2, "IF_cond_exp", {"i_offset": 0.0, "v_rest": -65.0})
        net.population("s", 1, "SpikeSourceArray", {"spike_times": [5.0]})
        net.projection("s", "n", {"type": "AllToAllConnector"}, weight=0.01, delay=1.0)
        rec = net.record("n", ["v", "gsyn_exc"], sampling_interval=0.5)
        with shnn.Simulation.create(net) as sim:
            sim.run(20.0)
            t, v = sim.samples(rec, "v")
            _, g = sim.samples(rec, "gsyn_exc")
        self.assertEqual(v.shape, (40, 2))
        np.testing.assert_allclose(t, np.arange(40) * 0.5, atol=1e-9)
        self.assertAlmostEqual(v[0, 0], -65.0, places=9)  # at rest until the input arrives
        # A spike at 5 ms through a 1 ms delay adds 0.01 uS (10 nS in the engine) to the conductance.
        self.assertAlmostEqual(float(g.max()), 0.01, delta=1e-6)
        self.assertGreater(float(v.max()), -65.0)

    def test_bad_descriptions_name_the_part_and_field(self):
        cases = [
            (lambda n: n.population("b", 10, "IF_cond_exq"), "populations[2].cell_type"),
            (lambda n: n.projection("a", "a", {"type": "OneToOneConnector"}, weight=0.1, delay=0.01), "delay"),
            (lambda n: n.projection("a", "zz", {"type": "OneToOneConnector"}, weight=0.1, delay=1.0), "zz"),
            (lambda n: n.population("b", 3, "IF_curr_exp", {"tau_m": -1.0}), "tau_m"),
            (lambda n: n.population("b", 3, "IF_curr_exp", {"tau_mm": 1.0}), "tau_mm"),
            (lambda n: n.projection("a", "a", {"type": "FromListConnector", "pre": np.array([0, 1], dtype=np.int32),
                                               "post": np.array([0, 99], dtype=np.int32)}, weight=0.1, delay=1.0),
             "99"),
        ]
        for mutate, needle in cases:
            net = small()
            mutate(net)
            with self.assertRaises(shnn.ShnnError) as ctx:
                shnn.Simulation.create(net)
            self.assertEqual(ctx.exception.status, shnn.E_ARGUMENT)
            self.assertIn(needle, str(ctx.exception))

    def test_a_nan_is_refused_before_the_engine(self):
        net = small()
        net.population("b", 3, "IF_curr_exp", {"tau_m": float("nan")})
        with self.assertRaises(shnn.ShnnError) as ctx:
            shnn.Simulation.create(net)
        self.assertIn("populations[2].parameters.tau_m (population 'b'): expected a finite number but found nan",
                      str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
