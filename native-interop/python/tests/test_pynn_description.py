"""The SHNN PyNN backend's translation of PyNN scripts into SHNN's network description (no engine needed):
connectors, values, synapse types, electrodes, recorders and the errors for what SHNN cannot do."""

import json
import os
import tempfile
import unittest
import warnings

import numpy as np

import shnn.pynn as sim
from pyNN import errors
from pyNN.random import NumpyRNG, RandomDistribution


def document():
    net, recorders = sim.simulator.state.network()
    return net.document(), recorders


class RegistrationTest(unittest.TestCase):

    def test_pynn_shnn_is_this_backend(self):
        import pyNN.shnn
        self.assertIs(pyNN.shnn, sim)
        self.assertIn("IF_cond_exp", sim.list_standard_models())
        self.assertNotIn("StandardCellType", sim.list_standard_models())


class DescriptionTest(unittest.TestCase):

    def setUp(self):
        sim.setup(timestep=0.1, min_delay=0.2, seed=11, threads=2)
        self.exc = sim.Population(40, sim.IF_cond_exp(tau_m=15.0), label="exc")
        self.inh = sim.Population(10, sim.IF_cond_exp(), label="inh")

    def projection(self, connector, synapse=None, pre=None, post=None, **kw):
        sim.Projection(pre or self.exc, post or self.inh, connector, synapse or sim.StaticSynapse(weight=0.01, delay=0.5),
                       **kw)
        return document()[0]["projections"][-1]

    def test_setup_starts_clean_and_numbers_neurons_in_order(self):
        self.assertEqual((int(self.exc.first_id), int(self.inh.first_id)), (0, 40))
        sim.setup(seed=3)
        p = sim.Population(5, sim.IF_curr_exp(), label="exc")
        self.assertEqual(int(p.first_id), 0)
        doc = document()[0]
        self.assertEqual([q["label"] for q in doc["populations"]], ["exc"])
        self.assertEqual(doc["seed"], 3)

    def test_parameters_and_initial_values(self):
        self.exc.initialize(v=RandomDistribution("uniform", low=-60.0, high=-50.0, rng=NumpyRNG(seed=1)))
        self.exc[0:2].set(tau_m=30.0)
        pop = document()[0]["populations"][0]
        self.assertEqual(pop["cell_type"], "IF_cond_exp")
        self.assertEqual(pop["parameters"]["tau_m"][:3], [30.0, 30.0, 15.0])
        self.assertEqual(pop["parameters"]["cm"], 1.0)
        v = pop["initial_values"]["v"]
        self.assertEqual(len(v), 40)
        self.assertTrue(all(-60.0 <= x < -50.0 for x in v))
        self.assertNotIn("gsyn_exc", pop["initial_values"])  # PyNN's default, left to the engine

    def test_native_connectors(self):
        cases = [
            (sim.AllToAllConnector(allow_self_connections=False),
             {"type": "AllToAllConnector", "allow_self_connections": False}),
            (sim.FixedProbabilityConnector(0.1), {"type": "FixedProbabilityConnector", "p_connect": 0.1,
                                                  "allow_self_connections": True}),
            (sim.FixedNumberPreConnector(3), {"type": "FixedNumberPreConnector", "n": 3,
                                              "allow_self_connections": True, "with_replacement": False}),
            (sim.FixedNumberPostConnector(2, with_replacement=True),
             {"type": "FixedNumberPostConnector", "n": 2, "allow_self_connections": True, "with_replacement": True}),
            (sim.FixedTotalNumberConnector(30), {"type": "FixedTotalNumberConnector", "n": 30,
                                                 "allow_self_connections": True, "with_replacement": True}),
            (sim.DistanceDependentProbabilityConnector("exp(-d/5)"),
             {"type": "DistanceDependentProbabilityConnector", "d_expression": "exp(-d/5)",
              "allow_self_connections": True}),
        ]
        for connector, expected in cases:
            with self.subTest(connector=type(connector).__name__):
                p = self.projection(connector)
                self.assertEqual(p["connector"], expected)
                self.assertEqual((p["pre"], p["post"], p["weight"], p["delay"]), ("exc", "inh", 0.01, 0.5))
        p = self.projection(sim.OneToOneConnector(), post=sim.Population(40, sim.IF_cond_exp(), label="x"))
        self.assertEqual(p["connector"], {"type": "OneToOneConnector"})

    def test_one_to_one_needs_equal_sizes(self):
        with self.assertRaises(errors.ConnectionError):
            self.projection(sim.OneToOneConnector())

    def test_lists_and_arrays_are_lent(self):
        conn = sim.FromListConnector([(0, 1, 0.5, 1.0), (3, 2, 0.25, 2.0)], column_names=["weight", "delay"])
        p = self.projection(conn)
        self.assertEqual(p["connector"], {"type": "FromListConnector", "pre": [0, 3], "post": [1, 2],
                                          "weights": [0.5, 0.25], "delays": [1.0, 2.0]})
        net, _ = sim.simulator.state.network()
        _, lent = net._render()
        self.assertEqual(sorted(a.dtype.name for _, a in lent.values()), ["float64", "float64", "int32", "int32"])
        mask = np.zeros((40, 10), bool)
        mask[[0, 5], [2, 9]] = True
        p = self.projection(sim.ArrayConnector(mask))
        self.assertEqual((p["connector"]["pre"], p["connector"]["post"]), ([0, 5], [2, 9]))
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "conn.txt")
            np.savetxt(path, [[1, 2, 0.1, 0.3]], header="columns = ['i', 'j', 'weight', 'delay']")
            p = self.projection(sim.FromFileConnector(path))
            self.assertEqual(p["connector"]["weights"], [0.1])
        with self.assertRaises(errors.ConnectionError):
            self.projection(sim.FromListConnector([(40, 0)]))

    def test_views_and_assemblies_become_explicit_lists(self):
        view = self.exc[10:20]
        sim.Projection(view, self.exc + self.inh, sim.AllToAllConnector(),
                       sim.StaticSynapse(weight=0.02, delay=0.3), receptor_type="excitatory")
        parts = document()[0]["projections"]
        self.assertEqual([(p["pre"], p["post"]) for p in parts], [("exc", "exc"), ("exc", "inh")])
        c = parts[1]["connector"]
        self.assertEqual(len(c["pre"]), 100)
        self.assertEqual(sorted(set(c["pre"])), list(range(10, 20)))  # indices of the parent population
        self.assertEqual(sorted(set(c["post"])), list(range(10)))
        self.assertEqual(set(c["weights"]), {0.02})

    def test_distributions(self):
        w = RandomDistribution("normal_clipped", mu=0.01, sigma=0.002, low=0.0, high=np.inf)
        p = self.projection(sim.FixedProbabilityConnector(0.1), sim.StaticSynapse(weight=w, delay=0.5))
        self.assertEqual(p["weight"], {"distribution": "normal_clipped", "mu": 0.01, "sigma": 0.002, "low": 0.0})
        with self.assertRaises(NotImplementedError) as ctx:
            self.projection(sim.FixedProbabilityConnector(0.1),
                            sim.StaticSynapse(weight=RandomDistribution("gamma", k=2.0, theta=1.0)))
        self.assertIn("gamma", str(ctx.exception))

    def test_synapse_types(self):
        p = self.projection(sim.AllToAllConnector(), sim.TsodyksMarkramSynapse(U=0.4, tau_rec=300.0, weight=0.01))
        self.assertEqual(p["synapse_type"], {"type": "TsodyksMarkramSynapse", "U": 0.4, "tau_rec": 300.0,
                                             "tau_facil": 0.0})
        with self.assertRaises(NotImplementedError) as ctx:
            self.projection(sim.AllToAllConnector(), sim.TsodyksMarkramSynapse(
                U=RandomDistribution("uniform", low=0.1, high=0.5)))
        self.assertIn("at most 256", str(ctx.exception))  # 400 connections, 400 values of U: too many groups
        stdp = sim.STDPMechanism(timing_dependence=sim.SpikePairRule(tau_plus=16.0, tau_minus=30.0, A_plus=0.01,
                                                                      A_minus=0.012),
                                 weight_dependence=sim.MultiplicativeWeightDependence(w_min=0.0, w_max=0.05),
                                 weight=0.02, delay=1.0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p = self.projection(sim.AllToAllConnector(), stdp)
        self.assertEqual(p["synapse_type"], {
            "type": "STDPMechanism",
            "timing_dependence": {"type": "SpikePairRule", "tau_plus": 16.0, "tau_minus": 30.0, "A_plus": 0.01,
                                  "A_minus": 0.012},
            "weight_dependence": {"type": "MultiplicativeWeightDependence", "w_min": 0.0, "w_max": 0.05}})

    def test_electrodes_and_recorders(self):
        sim.DCSource(amplitude=0.5, start=10.0, stop=20.0).inject_into(self.exc[[1, 3]])
        sim.StepCurrentSource(times=[5.0, 15.0], amplitudes=[0.1, 0.0]).inject_into(self.inh)
        sim.ACSource(amplitude=0.2, frequency=10.0).inject_into(self.exc[0:1])
        self.exc[[4, 2]].record(["v", "gsyn_exc"], sampling_interval=0.5)
        self.exc.record("spikes")
        doc, recorders = document()
        dc, step, ac = doc["current_sources"]
        self.assertEqual((dc["type"], dc["population"], dc["neurons"], dc["amplitude"], dc["stop"]),
                         ("DCSource", "exc", [1, 3], 0.5, 20.0))
        self.assertEqual((step["times"], step["amplitudes"], len(step["neurons"])), ([5.0, 15.0], [0.1, 0.0], 10))
        self.assertNotIn("stop", ac)  # PyNN's "never"
        # spikes: the engine keeps those of the recorded cells (here all of exc), and no other
        self.assertEqual(doc["recorders"], [
            {"population": "exc", "variables": ["gsyn_exc"], "neurons": [2, 4], "sampling_interval": 0.5},
            {"population": "exc", "variables": ["spikes"]},
            {"population": "exc", "variables": ["v"], "neurons": [2, 4], "sampling_interval": 0.5}])
        self.assertEqual(recorders, {("exc", "gsyn_exc"): 0, ("exc", "v"): 2})
        self.inh[[3, 1]].record("spikes")
        self.assertEqual(document()[0]["recorders"][3:], [
            {"population": "inh", "variables": ["spikes"], "neurons": [1, 3]}])

    def test_no_recorded_spikes_is_a_recorder_of_no_cells_spikes(self):
        self.exc.record("v")
        self.assertEqual(document()[0]["recorders"][1:], [
            {"population": self.exc.label, "variables": ["spikes"], "neurons": []}])

    def test_errors_for_what_shnn_cannot_do(self):
        with self.assertRaises(errors.InvalidParameterValueError):
            sim.setup(threads=0)
        sim.setup(timestep=0.1)
        p = sim.Population(3, sim.IF_curr_exp(), label="p")
        with self.assertRaises(errors.InvalidParameterValueError):
            p.record("v", sampling_interval=0.25)
        with self.assertRaises(errors.InvalidParameterValueError):
            sim.Population(3, sim.IF_curr_exp(), label="p")  # labels name populations in the description
        with self.assertRaises(ValueError) as ctx:
            sim.Projection(p, p, sim.FromListConnector([(0, 1, 0.5, 0.2)], column_names=["U", "weight"]),
                           sim.StaticSynapse())
        self.assertIn("U is not a valid parameter for StaticSynapse", str(ctx.exception))
        with self.assertRaises(TypeError):
            sim.DCSource(amplitude=1.0).inject_into(sim.Population(2, sim.SpikeSourcePoisson(), label="s"))

    def test_dendritic_delay_fraction_other_than_shnns_is_refused_naming_it(self):
        """SHNN pairs the neurons' own spike times: dendritic_delay_fraction 0.5 exactly (no warning); PyNN's default
        1.0 taken with a warning (once per process) that it is not applied; any other value refused."""
        from shnn.pynn import standardmodels

        def stdp(**kw):
            return sim.STDPMechanism(timing_dependence=sim.SpikePairRule(),
                                     weight_dependence=sim.AdditiveWeightDependence(w_max=0.05), weight=0.02, **kw)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            p = self.projection(sim.AllToAllConnector(), stdp(dendritic_delay_fraction=0.5))
        self.assertEqual(p["synapse_type"]["type"], "STDPMechanism")
        del standardmodels._STDP_TIMING_WARNED[:]
        with self.assertWarns(UserWarning) as ctx:
            stdp()
        self.assertIn("default dendritic_delay_fraction = 1.0 (the window at t_post - t_pre + delay) is not applied",
                      str(ctx.warning))
        for fraction in (0.0, 0.25, 0.75):
            with self.assertRaises(NotImplementedError) as ctx:
                stdp(dendritic_delay_fraction=fraction)
            self.assertIn("cannot take dendritic_delay_fraction = %r" % fraction, str(ctx.exception))

    def test_each_refusal_names_what_shnn_cannot_do(self):
        """The error paths of the backend's description, each by its message (test_errors_for_what_shnn_cannot_do
        checks the types)."""
        from pyNN.standardmodels import cells as pynn_cells, synapses as pynn_synapses
        cases = [
            (lambda: sim.Population(2, pynn_cells.IF_cond_exp(), label="plain"), NotImplementedError,
             "SHNN simulates the standard cell types of its own module (shnn.pynn.IF_cond_exp), not "
             "pyNN.standardmodels.cells.IF_cond_exp"),
            (lambda: sim.Population(2, sim.IF_cond_exp(), label="exc"), errors.InvalidParameterValueError,
             "SHNN needs unique Population labels; 'exc' is taken"),
            (lambda: self.exc.record("v", sampling_interval=0.25), errors.InvalidParameterValueError,
             "sampling_interval 0.25 ms is not a positive multiple of dt = 0.1 ms"),
            (lambda: sim.Projection(self.exc, self.inh, sim.AllToAllConnector(), source="axon"), NotImplementedError,
             "SHNN projections start at spikes; source 'axon' is not supported"),
            (lambda: sim.STDPMechanism(timing_dependence=sim.SpikePairRule(),
                                       weight_dependence=pynn_synapses.GutigWeightDependence(),
                                       dendritic_delay_fraction=0.5)._describe(), NotImplementedError,
             "supports AdditiveWeightDependence and MultiplicativeWeightDependence, not GutigWeightDependence"),
            (lambda: sim.STDPMechanism(timing_dependence=pynn_synapses.Vogels2011Rule(),
                                       weight_dependence=sim.AdditiveWeightDependence(),
                                       dendritic_delay_fraction=0.5)._describe(), NotImplementedError,
             "SHNN's STDPMechanism supports SpikePairRule, not Vogels2011Rule"),
        ]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "conn.txt")
            np.savetxt(path, [[0, 1, 0.1, 1.0]])
            cases.append((lambda: sim.Projection(self.exc, self.inh, sim.FromFileConnector(path, distributed=True)),
                          NotImplementedError, "FromFileConnector(distributed=True) is not supported"))
            for make, kind, message in cases:
                with self.subTest(message=message):
                    with self.assertRaises(kind) as ctx:
                        make()
                    self.assertIn(message, str(ctx.exception))
        self.assertEqual([p.label for p in sim.simulator.state.populations], ["exc", "inh"], "nothing half-made")

    def test_procedural_api(self):
        sim.setup(seed=2)
        a = sim.create(sim.IF_curr_exp, {"tau_m": 12.0}, n=4)
        b = sim.create(sim.SpikeSourceArray, {"spike_times": [1.0, 2.0]}, n=2)
        sim.connect(b, a, weight=0.5, delay=1.0, p=1.0)
        sim.initialize(a, v=-61.0)
        sim.set(a, tau_m=13.0)
        sim.record("v", a, os.devnull)
        doc, recorders = document()
        self.assertEqual(doc["populations"][0]["parameters"]["tau_m"], 13.0)
        self.assertEqual(doc["populations"][0]["initial_values"]["v"], -61.0)
        self.assertEqual(doc["populations"][1]["parameters"]["spike_times"], [[1.0, 2.0]])
        self.assertEqual(doc["projections"][0]["connector"]["p_connect"], 1.0)
        self.assertEqual(list(recorders), [(a.label, "v")])
        json.dumps(doc)


if __name__ == "__main__":
    unittest.main()
