"""Issue 13 from Python: a projection's weight recorder, neuron parameters read and set per neuron, a
SpikeSourceArray's spikes replaced between runs, a network of NumPy arrays saved whole (the file continues it
after the arrays are gone), and Poisson rate changes (run by scripts/test-native)."""

import json
import os
import tempfile
import unittest

import numpy as np

import shnn

STDP = {"type": "STDPMechanism",
        "timing_dependence": {"type": "SpikePairRule", "tau_plus": 20.0, "tau_minus": 20.0,
                              "A_plus": 0.02, "A_minus": 0.024},
        "weight_dependence": {"type": "AdditiveWeightDependence", "w_min": 0.0, "w_max": 0.01}}


def plastic(synapses=(0, 3, 7), interval=1.0):
    net = shnn.Network("plastic-py", dt=0.1, seed=21)
    net.population("in", 30, "SpikeSourcePoisson", {"rate": 40.0})
    net.population("exc", 20, "IF_cond_exp", {"tau_refrac": 2.0, "i_offset": 0.25, "tau_m": list(np.linspace(15.0, 25.0, 20))})
    net.population("kick", 2, "SpikeSourceArray", {"spike_times": [[5.0], [7.0]]})
    net.projection("in", "exc", {"type": "FixedProbabilityConnector", "p_connect": 0.5}, weight=0.004, delay=1.0,
                   synapse_type=STDP, label="in->exc")
    net.projection("kick", "exc", {"type": "AllToAllConnector"}, weight=0.05, delay=0.1)
    rec = net.record_weights("in->exc", synapses=None if synapses is None else list(synapses),
                             sampling_interval=interval)
    return net, rec


class SpecTest(unittest.TestCase):

    def test_weights_are_recorded_as_numpy_arrays(self):
        net, rec = plastic()
        self.assertEqual(rec, 0)
        runs = []
        for threads in (1, 2):
            with shnn.Simulation.create(net, threads=threads) as sim:
                sim.run(99.1)  # steps 0..990: the last sample is the last step
                times, w = sim.samples(rec, "weight")
                self.assertEqual(w.shape, (100, 3))
                self.assertEqual(times[-1], 99.0)
                now = sim.synapses(0)[2]
                np.testing.assert_array_equal(w[-1], now[[0, 3, 7]])
                self.assertTrue(np.all((w >= 0) & (w <= 0.01)))
                self.assertFalse(np.array_equal(w[0], w[-1]), "STDP moved the recorded weights")
                runs.append((sim.raster_sha256(), w))
        self.assertEqual(runs[0][0], runs[1][0])
        np.testing.assert_array_equal(runs[0][1], runs[1][1])
        doc = net.document()
        self.assertEqual(doc["recorders"][0], {"projection": "in->exc", "variables": ["weight"],
                                               "synapses": [0, 3, 7], "sampling_interval": 1.0})

    def test_all_synapses_and_a_saved_file_continue_the_samples(self):
        net, rec = plastic(synapses=None, interval=2.0)
        with shnn.Simulation.create(net) as sim:
            sim.run(60.0)
            whole = sim.samples(rec, "weight")[1]
            self.assertEqual(whole.shape[1], sim.synapses(0)[0].size)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "p.shnn")
            with shnn.Simulation.create(net) as sim:
                sim.run(20.0)
                sim.save(path)
            with shnn.Simulation.open(path) as sim:
                sim.run(40.0)
                np.testing.assert_array_equal(whole, sim.samples(rec, "weight")[1])

    def test_a_bad_weight_recorder_names_its_place(self):
        net, _ = plastic(synapses=(0, 100000))
        with self.assertRaises(shnn.ShnnError) as e:
            shnn.Simulation.create(net)
        self.assertEqual(e.exception.status, shnn.E_ARGUMENT)
        self.assertIn("recorders[0].synapses[1]", str(e.exception))

    def test_parameters_are_read_and_set_per_neuron(self):
        net, _ = plastic()
        with shnn.Simulation.create(net) as sim:
            np.testing.assert_array_equal(sim.get_parameter("exc", "tau_m"), np.linspace(15.0, 25.0, 20))
            np.testing.assert_array_equal(sim.get_parameter("exc", "v_thresh"), np.full(20, -50.0))  # PyNN default
            np.testing.assert_array_equal(sim.get_parameter("in", "rate"), np.full(30, 40.0))
            sim.run(10.0)
            sim.set_parameters("exc", tau_m=np.arange(10.0, 30.0), v_thresh=-52.0)
            np.testing.assert_array_equal(sim.get_parameter("exc", "tau_m"), np.arange(10.0, 30.0))
            np.testing.assert_array_equal(sim.get_parameter("exc", "v_thresh"), np.full(20, -52.0))
            with self.assertRaises(shnn.ShnnError) as e:
                sim.set_parameters("exc", tau_m=np.arange(10.0, 29.0))
            self.assertIn("parameters.tau_m", str(e.exception))
            with self.assertRaises(shnn.ShnnError) as e:
                sim.get_parameter("exc", "tau_x")
            self.assertIn("parameters.tau_x", str(e.exception))
            sim.run(10.0)

    def test_spike_times_are_replaced_between_runs(self):
        net, _ = plastic()
        with shnn.Simulation.create(net) as sim:
            sim.run(20.0)
            before = sim.spike_count
            sim.set_spike_times("kick", [[25.0, 31.5], []])
            sim.run(20.0)
            steps, ids = sim.spikes(before)
            kick0 = 30 + 20  # global id of kick neuron 0
            np.testing.assert_array_equal(steps[ids == kick0], [250, 315])
            self.assertEqual(int(np.sum(ids == kick0 + 1)), 0)
            with self.assertRaises(shnn.ShnnError):
                sim.set_spike_times("exc", [[1.0]])

    @staticmethod
    def numpy_network(tau_m):
        """Parameters, initial values and a plastic list projection given as NumPy arrays (all lent in place)."""
        rng = np.random.default_rng(3)
        k = 400
        net = shnn.Network("numpy-py", dt=0.1, seed=8)
        net.population("in", 40, "SpikeSourcePoisson", {"rate": 30.0})
        net.population("exc", 30, "IF_cond_exp", {"tau_m": tau_m, "v_thresh": -52.0},
                       initial_values={"v": np.linspace(-65.0, -55.0, 30)})
        net.projection("in", "exc", {"type": "FromListConnector", "pre": rng.integers(0, 40, k).astype(np.int32),
                                     "post": rng.integers(0, 30, k).astype(np.int64),
                                     "weights": rng.uniform(0.003, 0.008, k), "delays": rng.choice([0.5, 1.0, 1.5], k)},
                       weight=0.0, delay=1.0, synapse_type=STDP, label="in->exc")
        return net

    def test_a_network_of_numpy_arrays_is_saved_whole_and_continues(self):
        tau_m = np.linspace(12.0, 24.0, 30)
        with shnn.Simulation.create(self.numpy_network(tau_m)) as sim:
            sim.run(80.0)
            straight, weights = sim.raster_sha256(), sim.synapses(0)[2]
            self.assertGreater(sim.spike_count, 0)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "numpy.shnn")
            for threads in (1, 2):
                with shnn.Simulation.create(self.numpy_network(tau_m.copy()), threads=threads) as sim:
                    sim.run(40.0)
                    sim.save(path)
                # the network and its arrays are gone: the file alone continues the run
                with shnn.Simulation.open(path, threads=3 - threads) as sim:
                    np.testing.assert_array_equal(sim.get_parameter("exc", "tau_m"), tau_m)
                    sim.run(40.0)
                    self.assertEqual(sim.raster_sha256(), straight)
                    np.testing.assert_array_equal(sim.synapses(0)[2], weights)

    def test_a_numpy_array_changed_after_the_build_is_named(self):
        tau_m = np.linspace(12.0, 24.0, 30)
        with shnn.Simulation.create(self.numpy_network(tau_m)) as sim:
            np.testing.assert_array_equal(sim.get_parameter("exc", "tau_m"), tau_m)
            tau_m[3] = 50.0  # the neurons run with the old value: a saved file must not say otherwise
            with tempfile.TemporaryDirectory() as d:
                with self.assertRaises(shnn.ShnnError) as e:
                    sim.save(os.path.join(d, "changed.shnn"))
                self.assertIn("changed after the simulation was built", str(e.exception))
                self.assertFalse(os.path.exists(os.path.join(d, "changed.shnn")))
            with self.assertRaises(shnn.ShnnError):
                sim.get_parameter("exc", "tau_m")

    def test_poisson_rates_change_at_the_given_times(self):
        net = shnn.Network("rates-py", dt=0.1, seed=2)
        net.population("src", 100, "SpikeSourcePoisson",
                       {"rate": 0.0, "rate_times": np.array([50.0, 80.0]), "rate_values": [200.0, 0.0]})
        net.population("n", 1, "IF_cond_exp")
        net.record("src", ["spikes"])
        with shnn.Simulation.create(net) as sim:
            sim.run(100.0)
            steps, _ = sim.spikes(0)
        self.assertEqual(int(np.sum((steps < 500) | (steps >= 800))), 0, "no spikes while the rate is 0")
        expected = 100 * 200.0 * 0.030
        self.assertLessEqual(abs(steps.size - expected), 4 * np.sqrt(expected), steps.size)


if __name__ == "__main__":
    unittest.main()
