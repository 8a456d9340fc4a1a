"""The SHNN PyNN backend running on the engine: runs, resets, Neo output with units and annotations,
determinism across thread counts, and the errors for changes SHNN cannot make during a simulation."""

import json
import os
import subprocess
import tempfile
import unittest

import numpy as np
import quantities as pq

import shnn.pynn as sim
from pyNN.random import NumpyRNG, RandomDistribution

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))


def network(threads=1, seed=5, n=400, spiking=True):
    """A small balanced COBA network driven by Poisson sources (Vogels-Abbott-like, 400 cells); ``spiking``: exc and
    inh record their spikes."""
    sim.setup(timestep=0.1, min_delay=0.2, threads=threads, seed=seed)
    params = {"tau_m": 20.0, "tau_syn_E": 5.0, "tau_syn_I": 10.0, "v_rest": -60.0, "v_reset": -60.0,
              "v_thresh": -50.0, "cm": 0.2, "tau_refrac": 5.0, "e_rev_E": 0.0, "e_rev_I": -80.0}
    exc = sim.Population(n * 4 // 5, sim.IF_cond_exp(**params), label="exc")
    inh = sim.Population(n // 5, sim.IF_cond_exp(**params), label="inh")
    (exc + inh).initialize(v=RandomDistribution("uniform", low=-60.0, high=-50.0, rng=NumpyRNG(seed=1)))
    ext = sim.Population(20, sim.SpikeSourcePoisson(rate=20.0), label="ext")
    c = sim.FixedProbabilityConnector(0.1)
    for pre, w, r in ((exc, 0.004 * 4, "excitatory"), (inh, 0.051 * 2, "inhibitory")):
        for post in (exc, inh):
            sim.Projection(pre, post, c, sim.StaticSynapse(weight=w, delay=0.2), receptor_type=r)
    for post in (exc, inh):
        sim.Projection(ext, post, sim.FixedProbabilityConnector(0.1), sim.StaticSynapse(weight=0.1, delay=0.2))
    if spiking:
        exc.record("spikes")
        inh.record("spikes")
    exc[0:3].record(["v", "gsyn_exc"], sampling_interval=1.0)
    return exc, inh


def spikes(pop):
    return [st.magnitude.tolist() for st in pop.get_data("spikes").segments[-1].spiketrains]


class RunTest(unittest.TestCase):

    def test_neo_block_units_and_annotations(self):
        exc, _ = network()
        sim.run(100.0)
        self.assertAlmostEqual(sim.get_current_time(), 100.0)
        block = exc.get_data()
        seg = block.segments[0]
        self.assertEqual(len(seg.spiketrains), exc.size)
        st = seg.spiketrains[0]
        self.assertEqual(st.units, pq.ms)
        self.assertEqual((float(st.t_start), float(st.t_stop)), (0.0, 100.0))
        self.assertEqual(st.annotations["source_population"], "exc")
        self.assertGreater(sum(len(s) for s in seg.spiketrains), 0)
        v = seg.filter(name="v")[0]
        g = seg.filter(name="gsyn_exc")[0]
        self.assertEqual(v.units, pq.mV)
        self.assertEqual(str(g.units.dimensionality), "uS")
        self.assertEqual(float(v.sampling_period), 1.0)
        self.assertEqual(v.shape[1], 3)
        self.assertEqual(list(v.array_annotations["channel_index"]), [0, 1, 2])
        self.assertEqual(v.shape[0], 101)  # t = 0, 1, ..., 100 ms, as PyNN's other backends
        self.assertTrue(np.all((v.magnitude > -90) & (v.magnitude < 0)))
        self.assertEqual(block.annotations["simulator"], "SHNN")
        counts = exc.get_spike_counts()
        self.assertEqual(sum(counts.values()), sum(len(s) for s in seg.spiketrains))
        self.assertAlmostEqual(exc.mean_spike_count(), sum(counts.values()) / exc.size)
        with tempfile.TemporaryDirectory() as d:
            exc.write_data(os.path.join(d, "exc.pkl"))
            self.assertGreater(os.path.getsize(os.path.join(d, "exc.pkl")), 0)

    def test_runs_in_pieces_equal_one_run_and_reset_repeats(self):
        exc, _ = network()
        sim.run(60.0)
        sim.run(40.0)
        first = spikes(exc)
        sim.reset()
        self.assertEqual(sim.get_current_time(), 0.0)
        sim.run(100.0)
        block = exc.get_data("spikes")
        self.assertEqual(len(block.segments), 2)
        self.assertEqual(first, [st.magnitude.tolist() for st in block.segments[1].spiketrains])
        network()
        sim.run(100.0)
        self.assertEqual(first, spikes(exc))

    def test_same_spikes_for_one_and_two_threads(self):
        exc, inh = network(threads=1)
        sim.run(200.0)
        one = spikes(exc) + spikes(inh)
        exc, inh = network(threads=2)
        sim.run(200.0)
        self.assertEqual(one, spikes(exc) + spikes(inh))
        exc, inh = network(threads=1, seed=6)
        sim.run(200.0)
        self.assertNotEqual(one, spikes(exc) + spikes(inh))

    def test_clear_drops_earlier_data(self):
        exc, _ = network()
        sim.run(50.0)
        exc.get_data(clear=True)
        sim.run(50.0)
        seg = exc.get_data().segments[0]
        self.assertTrue(all(float(t) >= 50.0 for st in seg.spiketrains for t in st))
        self.assertEqual(float(seg.spiketrains[0].t_start), 50.0)

    def test_changes_during_a_simulation_are_refused_until_reset(self):
        exc, inh = network()
        sim.run(10.0)
        exc.set(tau_m=10.0)  # one value for the whole population: the engine takes it between runs
        exc[0:2].set(tau_m=12.0)  # and one per neuron
        np.testing.assert_allclose(exc.get("tau_m")[:3], [12.0, 12.0, 10.0])
        for change in (lambda: exc.initialize(v=-70.0),
                       lambda: inh.record("v"), lambda: sim.Population(2, sim.IF_cond_exp(), label="late"),
                       lambda: sim.Projection(exc, inh, sim.AllToAllConnector()),
                       lambda: sim.DCSource(amplitude=0.1).inject_into(exc)):
            with self.assertRaises(NotImplementedError) as ctx:
                change()
            self.assertIn("reset()", str(ctx.exception))
        sim.reset()
        exc.set(tau_m=10.0)
        sim.run(10.0)

    def test_only_the_recorded_cells_spikes_are_kept(self):
        """The engine keeps the spikes of the cells that record them and of no other (NEST's spike recorder): the
        same trains as when every cell records, only those read from the engine, and a record("spikes") once the
        simulation has run is refused until reset(), leaving the recorded cells as they were."""
        exc, inh = network()
        sim.run(100.0)
        every = spikes(exc)[:5] + spikes(inh)
        kept_all = sim.simulator.state.sim.spike_count
        exc, inh = network(spiking=False)
        exc[0:5].record("spikes")
        sim.run(100.0)
        self.assertEqual(spikes(exc), every[:5])
        engine = sim.simulator.state.sim
        self.assertEqual(engine.spike_count, sum(len(t) for t in every[:5]))
        self.assertGreater(kept_all, 10 * engine.spike_count)
        self.assertTrue(set(engine.spikes()[1].tolist()) <= set(range(5)))
        with self.assertRaises(NotImplementedError) as ctx:
            inh.record("spikes")
        self.assertIn("reset()", str(ctx.exception))
        self.assertEqual(inh.recorder.recorded.get("spikes", set()), set())
        sim.reset()
        inh.record("spikes")
        sim.run(100.0)
        self.assertEqual(spikes(inh), every[5:])

    def test_a_pynn_script_and_its_network_file_give_the_same_spikes(self):
        """PyNN and a file, two hosts of one description: the network the backend built, written as a network file
        (what SHNN_PYNN_NETWORK_OUT writes), run by the command line on 2 threads, keeps the same spikes as the script
        on 1: the raster SHA-256 and the recorded count, with a choice of recorded cells in force."""
        exc, inh = network(spiking=False)
        exc[10:60].record("spikes")
        inh.record("spikes")
        sim.run(200.0)
        engine = sim.simulator.state.sim
        expected = (engine.raster_sha256().hex(), engine.spike_count)
        self.assertGreater(expected[1], 0)
        net, _ = sim.simulator.state.network()
        with tempfile.TemporaryDirectory() as d:
            path, summary = os.path.join(d, "net.json"), os.path.join(d, "summary.json")
            with open(path, "w") as f:
                f.write(net.to_json())
            proc = subprocess.run([os.path.join(ROOT, "scripts", "run"), path, "--duration", "0.2", "--threads", "2",
                                   "--exact-threads", "--summary-json", summary], capture_output=True, text=True,
                                  timeout=300)
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            with open(summary) as f:
                j = json.load(f)
        self.assertEqual((j["raster_sha256"], j["recorded_spikes"]), expected)
        self.assertGreater(j["spikes"], j["recorded_spikes"], "the choice is in force: fewer kept than fired")

    def test_explicit_connections_report_weights(self):
        sim.setup(timestep=0.1)
        src = sim.Population(3, sim.SpikeSourceArray(spike_times=[5.0]), label="src")
        dst = sim.Population(4, sim.IF_curr_exp(), label="dst")
        prj = sim.Projection(src, dst[1:3], sim.AllToAllConnector(), sim.StaticSynapse(weight=0.5, delay=1.0))
        self.assertEqual(prj.size(), 6)
        w = prj.get("weight", format="array")
        self.assertEqual(w.shape, (3, 2))
        self.assertTrue(np.all(w == 0.5))
        dst.record("v")
        sim.run(20.0)
        v = dst.get_data().segments[0].filter(name="v")[0].magnitude
        moved = np.abs(v[-1] - v[0]) > 1e-6
        self.assertEqual(list(moved), [False, True, True, False])

    def test_engine_built_synapses_are_read_back(self):
        sim.setup(timestep=0.1, seed=3)
        a = sim.Population(30, sim.IF_curr_exp(), label="a")
        b = sim.Population(20, sim.IF_curr_exp(), label="b")
        listed = sim.Projection(a, b, sim.FromListConnector([(4, 7, -0.25, 1.5), (0, 19, -0.5, 0.3), (29, 0, -1.0, 2.0)],
                                                            column_names=["weight", "delay"]),
                                receptor_type="inhibitory")
        full = sim.Projection(a, b, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.3, delay=0.7))
        rand = sim.Projection(a, a, sim.FixedProbabilityConnector(0.2, allow_self_connections=False),
                              sim.StaticSynapse(weight=RandomDistribution("uniform", low=0.1, high=0.2), delay=0.5))
        rows = sorted(listed.get(["weight", "delay"], format="list"))
        self.assertEqual([(i, j) for i, j, _, _ in rows], [(0, 19), (4, 7), (29, 0)])
        np.testing.assert_allclose([w for _, _, w, _ in rows], [-0.5, -0.25, -1.0], rtol=1e-6)  # float32 weights
        np.testing.assert_allclose([d for _, _, _, d in rows], [0.3, 1.5, 2.0])
        self.assertEqual(full.size(), 600)
        self.assertTrue(np.allclose(full.get("weight", format="array"), 0.3))
        n = rand.size()
        self.assertLess(abs(n - 0.2 * 30 * 29), 4 * np.sqrt(0.2 * 0.8 * 30 * 29))
        conns = np.array(rand.get(["weight"], format="list"))
        self.assertFalse(np.any(conns[:, 0] == conns[:, 1]))  # no autapses
        self.assertTrue(np.all((conns[:, 2] >= 0.1) & (conns[:, 2] < 0.2)))
        sim.Population(2, sim.IF_curr_exp(), label="late")  # before the first run the network may still grow

    def test_engine_errors_become_pynn_errors(self):
        sim.setup(timestep=0.1)
        p = sim.Population(2, sim.IF_curr_exp(tau_m=-1.0), label="bad")
        with self.assertRaises((NotImplementedError, ValueError)) as ctx:
            sim.run(1.0)
        self.assertIn("tau_m", str(ctx.exception))
        del p


class StateQueriesTest(unittest.TestCase):

    def test_run_until_equals_run_and_the_state_queries_answer_setup(self):
        sim.setup(timestep=0.1, min_delay=0.5, max_delay=4.0)
        self.assertEqual((sim.get_time_step(), sim.get_min_delay(), sim.get_max_delay()), (0.1, 0.5, 4.0))
        self.assertEqual((sim.num_processes(), sim.rank()), (1, 0))
        exc, _ = network()
        sim.run(100.0)
        once = spikes(exc)
        exc, _ = network()
        sim.run_until(0.3)  # three steps: whole steps of dt, however 0.3 / 0.1 rounds
        self.assertAlmostEqual(sim.get_current_time(), 0.3)
        sim.run_until(37.0)
        sim.run_until(100.0)
        self.assertAlmostEqual(sim.get_current_time(), 100.0)
        self.assertEqual(spikes(exc), once)
        self.assertGreater(sum(map(len, once)), 0)


class PoissonTest(unittest.TestCase):

    def test_poisson_sources_fire_at_their_rate_inside_their_window(self):
        """SpikeSourcePoisson(rate=20 Hz, start=100 ms, duration=500 ms), 400 sources: every spike in [100, 600) ms,
        the count within 4 standard deviations of 400 x 20 Hz x 0.5 s (Poisson: sd = sqrt(mean)), the intervals'
        coefficient of variation within 0.1 of an exponential's 1."""
        sim.setup(timestep=0.1, seed=3)
        src = sim.Population(400, sim.SpikeSourcePoisson(rate=20.0, start=100.0, duration=500.0), label="src")
        src.record("spikes")
        sim.run(800.0)
        trains = [st.magnitude for st in src.get_data().segments[0].spiketrains]
        times = np.concatenate(trains)
        self.assertTrue(np.all((times >= 100.0) & (times < 600.0)), (times.min(), times.max()))
        self.assertLess(abs(times.size - 4000), 4 * np.sqrt(4000))
        isi = np.concatenate([np.diff(t) for t in trains])
        self.assertLess(abs(isi.std() / isi.mean() - 1.0), 0.1)
        sim.end()


if __name__ == "__main__":
    unittest.main()
