"""Runs the PyNN scripts of tests/pynn_examples unchanged on SHNN (``python3 -m shnn.pynn script shnn``) and
compares them with the same scripts run on PyNN's Brian2 backend (Brian2 2.5.1, numpy target). Brian2 takes
minutes on these scripts, so its results are stored in tests/pynn_examples/brian2/*.json; regenerate them with
``tests/pynn_examples/brian2_reference.sh``. Outputs (JSON, Neo .pkl) go to a temporary folder.

Tolerances, and why:
- deterministic single cells (izhikevich, current_injection): the same spike count per cell, and spike k
  (from 0) at time t within (k + 2) steps + 0.1 % of t of Brian2's. Why: the integrators differ (PyNN's Brian2
  models use forward Euler, SHNN exact or exponential updates), which moves a threshold crossing by a step or
  two and accumulates a phase drift over repeated spikes (measured 0.06 ms at t = 100 ms for Izhikevich at
  dt = 0.01 ms), and SHNN holds v for round(tau_refrac / dt) steps after the crossing step as NEST does while
  Brian2 counts from that step's start, one step per interspike interval (measured 0.1 ms per spike for
  IF_curr_exp under DC). v within 1 mV RMS outside [spike - 2 steps, spike + 2 ms] (measured 0.80, 0.08,
  0.63 mV for the Izhikevich cells, the phase drift on steep upswings; 0.07, 0.03, 0.06 mV for current_injection).
- small_network: connectivity is drawn by each backend's own generator (different realizations of the same
  FixedProbabilityConnector), so only the mean rate is compared, within 25 %.
- simple_stdp: the final weights equal the pair rule summed over the recorded pre and post spike times within
  1e-8 (float32 weights); the weight changes agree with Brian2's within 10 % + 2e-6. Why: Brian2's backend pairs the
  presynaptic spike at its arrival (dendritic_delay_fraction 0, the 0.1 ms delay axonal; SHNN runs the script with
  0.5, its exact convention: the neurons' own spike times), about 0.5 % of a change, and post spikes may fall a step
  apart.
- tsodyks_markram: gsyn_exc equals the three-state Tsodyks-Markram model integrated exactly within 1e-9 uS (not
  compared with Brian2, whose backend fails on the script, see the test).
- connections: deterministic connectors equal Brian2's pair by pair; random ones within 4 standard deviations of
  their expected counts (each backend draws its own realization).
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "pynn_examples")
REFERENCE = os.path.join(EXAMPLES, "brian2")


def run_example(script, out, *args, threads=1):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.dirname(HERE) + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "shnn.pynn", os.path.join(EXAMPLES, script + ".py"), "shnn", *args,
           "--out", out, "--threads", str(threads)]
    proc = subprocess.run(cmd, env=env, cwd=out, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise AssertionError("%s failed:\n%s%s" % (" ".join(cmd), proc.stdout, proc.stderr))


def load(out, name, backend):
    with open(os.path.join(out, "%s_%s.json" % (name, backend))) as f:
        return json.load(f)


def reference(name):
    with open(os.path.join(REFERENCE, "%s_brian2.json" % name)) as f:
        return json.load(f)


class ExamplesTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="shnn-pynn-")
        cls.out = cls.tmp.name

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def check_single_cells(self, name, dt):
        run_example(name, self.out)
        ours, theirs = load(self.out, name, "shnn"), reference(name)
        self.assertEqual(ours["spike_counts"], theirs["spike_counts"])
        for a, b in zip(ours["spike_times"], theirs["spike_times"]):
            a, b = np.asarray(a), np.asarray(b)
            bound = (np.arange(b.size) + 2) * dt + 1e-3 * b + 1e-9
            self.assertTrue(np.all(np.abs(a - b) <= bound), "%s: spikes %s, Brian2 %s" % (name, a, b))
        self.assertEqual(ours["v_dt"], theirs["v_dt"])
        for cell, (a, b, spikes) in enumerate(zip(ours["v"], theirs["v"], theirs["spike_times"])):
            a, b = np.asarray(a), np.asarray(b)
            self.assertEqual(a.shape, b.shape)
            t = np.arange(a.size) * ours["v_dt"]
            quiet = np.ones(a.size, bool)
            for s in spikes:
                quiet &= ~((t >= s - 2 * dt) & (t <= s + 2.0))
            rms = float(np.sqrt(np.mean((a[quiet] - b[quiet]) ** 2)))
            self.assertLess(rms, 1.0, "%s cell %d: v RMS difference %.3f mV" % (name, cell, rms))

    def test_izhikevich(self):
        self.check_single_cells("izhikevich", 0.01)

    def test_current_injection(self):
        self.check_single_cells("current_injection", 0.1)

    def test_small_network_rate_and_threads(self):
        run_example("small_network", self.out)
        ours = load(self.out, "small_network", "shnn")
        theirs = reference("small_network")
        self.assertLess(abs(ours["mean_rate_hz"] / theirs["mean_rate_hz"] - 1), 0.25,
                        "SHNN %.2f Hz, Brian2 %.2f Hz" % (ours["mean_rate_hz"], theirs["mean_rate_hz"]))
        run_example("small_network", self.out, threads=2)
        self.assertEqual(load(self.out, "small_network", "shnn")["spike_counts"], ours["spike_counts"])

    def test_simple_stdp_against_the_pair_rule_and_brian2(self):
        run_example("simple_stdp", self.out, "--dendritic-delay-fraction", "0.5")  # SHNN's exact convention
        ours, theirs = load(self.out, "simple_stdp", "shnn"), reference("simple_stdp")
        # the pair rule over all pre/post pairs of the recorded spike times (additive: amplitudes times w_max)
        for w, pre, post in zip(ours["weights"], ours["pre_times"], ours["post_times"]):
            self.assertGreater(len(post), 10)
            dt = np.subtract.outer(np.asarray(post), np.asarray(pre))  # t_post - t_pre
            change = ours["w_max"] * (ours["A_plus"] * np.exp(-dt[dt > 0] / ours["tau_plus"]).sum()
                                      - ours["A_minus"] * np.exp(dt[dt < 0] / ours["tau_minus"]).sum())
            self.assertAlmostEqual(w, ours["w0"] + change, delta=1e-8)  # float32 weights
        ours_change = np.asarray(ours["weights"]) - ours["w0"]
        brian2_change = np.asarray(theirs["weights"]) - theirs["w0"]
        np.testing.assert_allclose(ours_change, brian2_change, rtol=0.1, atol=2e-6,
                                   err_msg="weight changes: SHNN %s, Brian2 %s" % (ours_change, brian2_change))
        self.assertEqual(np.sign(ours_change).tolist(), np.sign(brian2_change).tolist())

    def test_tsodyks_markram_against_the_closed_form(self):
        # Not against Brian2: PyNN 0.10.1's Brian2 backend fails on any TsodyksMarkramSynapse onto cells of one
        # tau_syn ("'float' object is not subscriptable" in Projection._set_tau_syn_for_tsodyks_markram), and its
        # model keeps z = 0 (dz/dt = z/tau_rec), so resources would recover with tau_syn, not tau_rec.
        run_example("tsodyks_markram", self.out)
        ours = load(self.out, "tsodyks_markram", "shnn")
        dt, tau_syn, w = ours["dt"], ours["tau_syn"], ours["weight"]
        g = np.asarray(ours["gsyn"])
        k = np.arange(g.shape[1])
        arrival = np.round((np.asarray(ours["spike_times"]) + ours["delay"]) / dt).astype(int)
        params = {"static": None, "depressing": (0.5, 800.0, 0.0), "facilitating": (0.04, 100.0, 1000.0)}
        for cell, name in enumerate(ours["names"]):
            amplitudes = w * tsodyks_markram_release(ours["spike_times"], tau_syn, params[name])
            # a spike arriving during step a is in the sample after it (the state after a + 1 steps), then decays
            model = sum(a * np.where(k >= s + 1, np.exp(-(k - s - 1) * dt / tau_syn), 0.0)
                        for a, s in zip(amplitudes, arrival))
            np.testing.assert_allclose(g[cell], model, atol=1e-9, err_msg=name)

    def test_connections_against_brian2(self):
        run_example("connections", self.out)
        ours, theirs = load(self.out, "connections", "shnn")["counts"], reference("connections")["counts"]
        for name in ("AllToAll", "OneToOne", "DistanceDependent", "FromList", "FromFile", "Array"):
            self.assertEqual(ours[name]["pairs"], theirs[name]["pairs"], name)  # deterministic connectors
        for name in ("FromList", "FromFile"):
            self.assertEqual(ours[name]["weights"], theirs[name]["weights"], name)
        self.assertEqual(ours["FixedNumberPre"]["per_post"], [4] * 25)
        self.assertEqual(ours["FixedNumberPost"]["per_pre"], [3] * 36)
        self.assertEqual(ours["FixedTotalNumber"]["total"], 100)
        for name in ("FixedNumberPre", "FixedNumberPost", "FixedTotalNumber"):
            self.assertEqual(ours[name]["total"], theirs[name]["total"], name)
        # random connectors: each backend draws its own realization; totals within 4 standard deviations of the
        # expectation (binomial), and of Brian2's within the sum of both
        n, p = 36 * 25, 0.3
        self.assertLess(abs(ours["FixedProbability"]["total"] - n * p), 4 * np.sqrt(n * p * (1 - p)))
        self.assertLess(abs(theirs["FixedProbability"]["total"] - n * p), 4 * np.sqrt(n * p * (1 - p)))
        pre = np.stack(np.meshgrid(np.arange(6.0), np.arange(6.0), indexing="ij"), -1).reshape(-1, 2)
        post = 1.2 * np.stack(np.meshgrid(np.arange(5.0), np.arange(5.0), indexing="ij"), -1).reshape(-1, 2)
        prob = np.exp(-np.linalg.norm(pre[:, None, :] - post[None, :, :], axis=-1))
        mean, sd = prob.sum(), np.sqrt((prob * (1 - prob)).sum())
        for counts in (ours, theirs):
            self.assertLess(abs(counts["DistanceDependentExp"]["total"] - mean), 4 * sd)


def tsodyks_markram_release(spike_times, tau_psc, params):
    """The fraction of resources released at each spike, u x, by the Tsodyks-Markram model with three states
    (Tsodyks, Uziel & Markram 2000; NEST's tsodyks_synapse: x recovered, y active decaying with tau_psc into z
    inactive, which recovers with tau_rec; u with tau_facil), integrated exactly between spikes; 1 per spike for
    a static synapse (params None)."""
    if params is None:
        return np.ones(len(spike_times))
    big_u, tau_rec, tau_facil = params
    x, y, z, u, last, out = 1.0, 0.0, 0.0, 0.0, None, []
    for t in spike_times:
        if last is not None:
            h = t - last
            ey, ez = np.exp(-h / tau_psc), np.exp(-h / tau_rec)
            z = z * ez + y * (ey - ez) / (tau_psc / tau_rec - 1.0)  # dz/dt = y / tau_psc - z / tau_rec
            y *= ey
            x = 1.0 - y - z
            u = u * np.exp(-h / tau_facil) if tau_facil > 0 else 0.0
        u += big_u * (1.0 - u)
        released = u * x
        x -= released
        y += released
        out.append(released)
        last = t
    return np.asarray(out)


if __name__ == "__main__":
    unittest.main()
