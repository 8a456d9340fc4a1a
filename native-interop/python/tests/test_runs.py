"""Between runs from Python: a projection's weights and delays read and set as lists and dense arrays, and
Simulation.reset() (run by scripts/test-native)."""

import os
import tempfile
import unittest

import numpy as np

import shnn


def network(seed=3):
    net = shnn.Network("runs", dt=0.1, seed=seed)
    net.population("a", 80, "IF_curr_exp", {"i_offset": 1.0, "tau_refrac": 2.0},
                   initial_values={"v": shnn.uniform(-65.0, -55.0)})
    net.population("src", 20, "SpikeSourcePoisson", {"rate": 50.0})
    net.projection("a", "a", {"type": "FixedProbabilityConnector", "p_connect": 0.1}, weight=0.05,
                   delay=shnn.uniform(0.5, 2.0))
    net.projection("src", "a", {"type": "AllToAllConnector"}, weight=shnn.normal_clipped(0.1, 0.02, low=0.0), delay=1.0)
    net.record("a", ["v"], neurons=[0, 5], sampling_interval=1.0)
    return net


class RunsTest(unittest.TestCase):

    def test_lists_and_dense_arrays_agree_and_set_values_read_back(self):
        with shnn.Simulation.create(network()) as sim:
            pre, post, w, d = sim.synapses(0)
            dense = sim.dense(0)
            self.assertEqual(dense.shape, (80, 80))
            self.assertEqual(np.count_nonzero(~np.isnan(dense)), len(pre))
            np.testing.assert_allclose(dense[pre, post], w)
            np.testing.assert_allclose(sim.dense(0, "delay", "last")[pre, post], d)
            sim.set_synapses(0, weights=np.arange(len(pre)) * 0.001)
            np.testing.assert_allclose(sim.synapses(0)[2], np.arange(len(pre)) * 0.001, rtol=1e-6)
            sim.set_synapses(0, weights=0.2, delays=1.0, pre=pre[:3], post=post[:3])
            _, _, w2, d2 = sim.synapses(0)
            np.testing.assert_allclose(w2[:3], 0.2, rtol=1e-6)
            np.testing.assert_allclose(d2[:3], 1.0)
            np.testing.assert_allclose(d2[3:], d[3:])
            half = np.where(np.isnan(dense), np.nan, 0.07)
            sim.set_dense(0, "weight", half)
            np.testing.assert_allclose(sim.synapses(0)[2], 0.07, rtol=1e-6)
            with self.assertRaises(shnn.ShnnError) as e:
                sim.set_synapses(0, delays=0.1)
            self.assertIn("[5, 20]", str(e.exception))
            with self.assertRaises(shnn.ShnnError) as e:
                sim.set_dense(0, "weight", np.zeros((3, 3)))
            self.assertIn("expected 80 x 80", str(e.exception))
            # the description's sign rule (an excitatory current weight >= 0); nothing changes
            for set_negative, where in ((lambda: sim.set_synapses(0, weights=-0.01, pre=pre[:3], post=post[:3]),
                                         "weights[0]"),
                                        (lambda: sim.set_dense(0, "weight", -half), "values[%d][%d]"
                                         % (pre[0], post[0]))):
                with self.assertRaises(shnn.ShnnError) as e:
                    set_negative()
                self.assertIn("of projection 'a->a': %s: expected a weight >= 0" % where, str(e.exception))
                np.testing.assert_allclose(sim.synapses(0)[2], 0.07, rtol=1e-6)

    def test_reset_then_run_equals_a_fresh_run_and_keeps_set_values(self):
        with shnn.Simulation.create(network(), threads=2) as sim:
            sim.run(100.0)
            fresh = sim.raster_sha256()
            v = sim.samples(0, "v")[1]
            sim.reset()
            self.assertEqual(sim.step, 0)
            self.assertEqual(sim.spike_count, 0)
            sim.run(40.0)
            sim.run(60.0)
            self.assertEqual(sim.raster_sha256(), fresh)
            np.testing.assert_array_equal(sim.samples(0, "v")[1], v)
            sim.set_synapses(1, weights=0.15)
            sim.reset()
            sim.run(100.0)
            changed = sim.raster_sha256()
            self.assertNotEqual(changed, fresh)
        with shnn.Simulation.create(network(), threads=1) as sim:
            sim.set_synapses(1, weights=0.15)
            sim.run(100.0)
            self.assertEqual(sim.raster_sha256(), changed, "set kept by reset = set before a fresh run")

    def test_set_values_are_saved_and_resume(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "runs.shnn")
            with shnn.Simulation.create(network()) as sim:
                sim.run(50.0)
                sim.set_synapses(0, delays=1.5)
                sim.save(path)
                sim.run(50.0)
                straight = sim.raster_sha256()
            with shnn.Simulation.open(path, threads=2) as sim:
                np.testing.assert_allclose(sim.synapses(0)[3], 1.5)
                sim.run(50.0)
                self.assertEqual(sim.raster_sha256(), straight)


    def test_parameters_set_between_runs_are_kept_by_reset(self):
        def changed_net():
            net = shnn.Network("runs", dt=0.1, seed=3)
            net.population("a", 80, "IF_curr_exp", {"i_offset": 1.0, "tau_refrac": 2.0, "tau_m": 12.0},
                           initial_values={"v": shnn.uniform(-65.0, -55.0)})
            net.population("src", 20, "SpikeSourcePoisson", {"rate": 50.0})
            net.projection("a", "a", {"type": "FixedProbabilityConnector", "p_connect": 0.1}, weight=0.05,
                           delay=shnn.uniform(0.5, 2.0))
            net.projection("src", "a", {"type": "AllToAllConnector"}, weight=shnn.normal_clipped(0.1, 0.02, low=0.0), delay=1.0)
            net.record("a", ["v"], neurons=[0, 5], sampling_interval=1.0)
            return net
        with shnn.Simulation.create(changed_net()) as sim:
            sim.run(100.0)
            fresh = sim.raster_sha256()
        with shnn.Simulation.create(network()) as sim:
            sim.run(30.0)
            sim.set_parameters("a", tau_m=12.0)
            sim.reset()
            sim.run(100.0)
            self.assertEqual(sim.raster_sha256(), fresh)
            with self.assertRaises(shnn.ShnnError) as e:
                sim.set_parameters("a", tau_m=-1.0)
            self.assertIn("tau_m", str(e.exception))

    def test_a_current_source_changed_between_runs_is_saved_and_resumes(self):
        def drive(times, amplitudes):
            net = shnn.Network("drive", dt=0.1, seed=5)
            net.population("a", 10, "IF_curr_exp", {"tau_refrac": 2.0})
            if times is None:
                net.current_source("a", "DCSource", neurons=[1, 2, 3], label="clamp", amplitude=0.3, start=5.0)
            else:
                net.current_source("a", "StepCurrentSource", neurons=[1, 2, 3], label="clamp", times=times,
                                   amplitudes=amplitudes)
            net.record("a", ["v"], sampling_interval=0.1)
            return net
        with shnn.Simulation.create(drive([5.0, 40.0, 70.0], [0.3, 1.2, 0.0])) as sim:
            sim.run(120.0)
            built = sim.raster_sha256()
            built_v = sim.samples(0, "v")[1]
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "drive.shnn")
            with shnn.Simulation.create(drive(None, None), threads=2) as sim:
                sim.run(40.0)
                sim.set_current("clamp", amplitude=1.2)  # start 5 ms kept
                sim.run(10.0)
                sim.save(path)
                sim.run(20.0)
                sim.set_current("clamp", stop=70.0)  # a window that closes now: 0 from 70 ms
                sim.run(50.0)
                self.assertEqual(sim.raster_sha256(), built, "changed between runs = the step source built with it")
                np.testing.assert_array_equal(sim.samples(0, "v")[1], built_v)
                np.testing.assert_array_equal(sim.current("clamp", 2, 0, 1200)[[49, 50, 399, 400, 699, 700]],
                                              [0.0, 0.3, 0.3, 1.2, 1.2, 0.0])
                for bad, field in (({"amplitude": float("nan")}, "amplitude"), ({"stop": 1.0}, "stop"),
                                   ({"frequency": 3.0}, "frequency"), ({"type": "ACSource"}, "type")):
                    with self.assertRaises(shnn.ShnnError) as e:
                        sim.set_current("clamp", **bad)
                    self.assertIn(field, str(e.exception))
                with self.assertRaises(shnn.ShnnError) as e:
                    sim.set_current("nothing", amplitude=1.0)
                self.assertIn("'nothing'", str(e.exception))
                self.assertEqual(sim.current("clamp", 2, 700, 1)[0], 0.0, "the refused changes changed nothing")
            with shnn.Simulation.open(path) as sim:
                np.testing.assert_array_equal(sim.current("clamp", 2, 399, 2), [0.3, 1.2])
                sim.set_current("clamp", stop=70.0)  # at 50 ms, as above: the history is the straight run's
                sim.run(70.0)
                self.assertEqual(sim.raster_sha256(), built, "resumed 1 thread = straight 2 threads")


if __name__ == "__main__":
    unittest.main()
