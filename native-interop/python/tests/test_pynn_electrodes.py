"""Recording the current a PyNN electrode injects (``source.record()``, ``source.get_data()``) on the SHNN backend:
the recorded waveform against its closed form (DC, step, AC; the noise's block structure and statistics), and
against the membrane it drives (a passive IF_curr_exp cell integrated exactly in NumPy from the recorded current)."""

import unittest

import numpy as np
import quantities as pq

import shnn.pynn as sim
from pyNN.errors import InvalidParameterValueError

DT = 0.1


def recorded(source):
    signal = source.get_data()
    return signal, signal.magnitude


class InjectedCurrentTest(unittest.TestCase):

    def setUp(self):
        sim.setup(timestep=DT, seed=11)
        self.cells = sim.Population(3, sim.IF_curr_exp(v_thresh=1e3), label="cells")

    def tearDown(self):
        sim.end()

    def test_dc_step_and_ac_follow_their_closed_forms(self):
        dc = sim.DCSource(amplitude=0.5, start=2.0, stop=7.0)
        dc.inject_into(self.cells[0:2])
        step = sim.StepCurrentSource(times=[1.0, 3.0, 6.0], amplitudes=[0.2, -0.1, 0.4])
        step.inject_into(self.cells)
        ac = sim.ACSource(amplitude=0.3, offset=0.1, frequency=100.0, phase=30.0, start=1.0, stop=8.0)
        ac.inject_into(self.cells[2:3])
        for s in (dc, step, ac):
            s.record()
        sim.run(10.0)
        t = np.arange(101) * DT  # samples at 0, dt, ..., 10 ms: the current during the step starting there
        expected = {
            dc: np.where((t >= 2.0 - 1e-9) & (t < 7.0 - 1e-9), 0.5, 0.0),
            step: np.select([t >= 6.0 - 1e-9, t >= 3.0 - 1e-9, t >= 1.0 - 1e-9], [0.4, -0.1, 0.2], 0.0),
            ac: np.where((t >= 1.0 - 1e-9) & (t < 8.0 - 1e-9),
                         0.1 + 0.3 * np.sin(2 * np.pi * 100.0 * (t - 1.0) * 1e-3 + np.radians(30.0)), 0.0),
        }
        for source, want in expected.items():
            signal, values = recorded(source)
            self.assertEqual(signal.units, pq.nA)
            self.assertEqual(float(signal.sampling_period.rescale(pq.ms)), DT)
            self.assertEqual(float(signal.t_start), 0.0)
            self.assertEqual(values.shape, (101, 1), type(source).__name__)
            np.testing.assert_allclose(values[:, 0], want, atol=1e-12, err_msg=type(source).__name__)
        self.assertEqual(list(recorded(ac)[0].array_annotations["source_ids"]), [int(self.cells[2])])

    def test_noise_is_piecewise_constant_per_cell_with_its_mean_and_stdev(self):
        noise = sim.NoisyCurrentSource(mean=0.1, stdev=0.2, dt=0.5, start=1.0, stop=801.0)
        noise.inject_into(self.cells)
        noise.record()
        sim.run(810.0)
        signal, values = recorded(noise)
        self.assertEqual(values.shape, (8101, 3))  # one channel per cell: each draws its own noise
        self.assertEqual(list(signal.array_annotations["source_ids"]), [int(c) for c in self.cells])
        self.assertTrue(np.all(values[:10] == 0) and np.all(values[8010:] == 0))
        blocks = values[10:8010].reshape(1600, 5, 3)  # a new draw every 0.5 ms = 5 steps from t = 1 ms
        self.assertTrue(np.all(blocks == blocks[:, :1, :]))
        draws = blocks[:, 0, :]
        self.assertFalse(np.allclose(draws[:, 0], draws[:, 1]))
        n = draws.size
        self.assertLess(abs(draws.mean() - 0.1), 4 * 0.2 / np.sqrt(n))
        self.assertLess(abs(draws.std() / 0.2 - 1), 4 / np.sqrt(2 * n))

    def test_recorded_current_is_the_current_the_membrane_integrates(self):
        tau_m, cm, v_rest = 20.0, 1.0, -65.0
        cell = sim.Population(1, sim.IF_curr_exp(tau_m=tau_m, cm=cm, v_rest=v_rest, v_thresh=1e3), label="passive")
        noise = sim.NoisyCurrentSource(mean=0.5, stdev=1.0, dt=0.3, start=2.0, stop=40.0)
        noise.inject_into(cell)
        step = sim.StepCurrentSource(times=[10.0, 20.0], amplitudes=[0.4, 0.0])
        step.inject_into(cell)
        cell.record("v")
        noise.record()
        step.record()
        sim.run(50.0)
        current = recorded(noise)[1][:, 0] + recorded(step)[1][:, 0]
        v = cell.get_data().segments[0].filter(name="v")[0].magnitude[:, 0]
        decay = np.exp(-DT / tau_m)
        model = [v_rest]
        for i in current[:-1]:  # sample k + 1 is the state after step k, driven by the current of step k
            v_inf = v_rest + i * tau_m / cm
            model.append(v_inf + (model[-1] - v_inf) * decay)
        np.testing.assert_allclose(v, model, atol=1e-6)
        self.assertGreater(np.ptp(v), 5.0)

    def test_a_source_changed_between_runs_acts_from_then_and_reset_takes_its_last_values(self):
        tau_m, cm, v_rest = 20.0, 1.0, -65.0
        cell = sim.Population(2, sim.IF_curr_exp(tau_m=tau_m, cm=cm, v_rest=v_rest, v_thresh=1e3), label="passive")
        dc = sim.DCSource(amplitude=0.1)
        dc.inject_into(cell[0:1])
        dc.record()
        cell.record("v")
        sim.run(15.0)
        dc.amplitude = -0.4  # NEST's SetStatus between runs: from t = 15 ms on
        sim.run(10.0)
        dc.set_parameters(amplitude=0.25, stop=32.0)
        sim.run(10.0)
        with self.assertRaises(InvalidParameterValueError) as ctx:
            dc.set_parameters(start=-1.0)
        self.assertIn("start", str(ctx.exception))
        t = np.arange(351) * DT
        want = np.select([t >= 32.0 - 1e-9, t >= 25.0 - 1e-9, t >= 15.0 - 1e-9], [0.0, 0.25, -0.4], 0.1)
        np.testing.assert_array_equal(recorded(dc)[1][:, 0], want, "the recorded current is the one injected")
        v = cell.get_data().segments[0].filter(name="v")[0].magnitude
        decay = np.exp(-DT / tau_m)
        model = [v_rest]
        for i in want[:-1]:  # sample k + 1 is the state after step k, driven by the current of step k
            v_inf = v_rest + i * tau_m / cm
            model.append(v_inf + (model[-1] - v_inf) * decay)
        np.testing.assert_allclose(v[:, 0], model, atol=1e-6)
        self.assertTrue(np.all(v[:, 1] == v_rest))
        sim.reset()  # PyNN keeps the last parameters: amplitude 0.25 until 32 ms, from t = 0
        sim.run(35.0)
        want = np.where(t < 32.0 - 1e-9, 0.25, 0.0)
        np.testing.assert_array_equal(recorded(dc)[1][:, 0], want)

    def test_a_source_into_no_cell_has_nothing_to_return(self):
        with self.assertRaises(ValueError) as ctx:
            sim.DCSource(amplitude=1.0).get_data()
        self.assertIn("not been injected", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
