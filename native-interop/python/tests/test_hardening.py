"""Issue 17 from Python: misuse and damaged files raise ShnnError, never crash or hang the interpreter
(run by scripts/test-native with /usr/bin/python3)."""

import gc
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

import shnn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_simulation import save_coba  # noqa: E402


class HardeningTest(unittest.TestCase):

    def test_state_view_outlives_close(self):
        sim = shnn.Simulation.builtin("coba", 400, 3)
        sim.run(5.0)
        v = sim.state("exc", "v")
        before = v.copy()
        sim.close()
        with self.assertRaises(shnn.ShnnError):
            sim.run(1.0)  # the Simulation is closed for calls
        # the view keeps the engine memory alive: same values, no crash
        self.assertEqual(list(before), list(v))
        part = v[10:20]
        del v
        gc.collect()
        self.assertEqual(list(before[10:20]), list(part))  # a slice holds it too
        del part
        gc.collect()

    def test_state_view_read_after_close_in_a_child_process(self):
        # The crash the issue reports (SIGABRT/SIGSEGV) would kill this interpreter: run it in a child.
        code = textwrap.dedent("""
            import gc, shnn
            sim = shnn.Simulation.builtin("coba", 400, 3)
            sim.run(2.0)
            v = sim.state("exc", "v")
            sim.close()
            gc.collect()
            total = float(v.sum())
            w = v * 2
            print("ok", total == total, len(w))
        """)
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                           env=dict(os.environ))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ok True 320", r.stdout)

    def test_durations_past_the_bound_are_refused_at_once(self):
        with shnn.Simulation.builtin("coba", 400, 3) as sim:
            for ms in (1e300, float(shnn.MAX_STEPS) * sim.dt * 2):
                with self.assertRaises(shnn.ShnnError) as e:
                    sim.run(ms)
                self.assertEqual(e.exception.status, shnn.E_ARGUMENT)
                self.assertIn("MAX_STEPS", str(e.exception))
            for steps in (shnn.MAX_STEPS + 1, 1 << 70):
                with self.assertRaises(shnn.ShnnError) as e:
                    sim.run_steps(steps)
                self.assertEqual(e.exception.status, shnn.E_ARGUMENT)
            self.assertEqual(sim.step, 0)
            sim.run(1.0)
            self.assertEqual(sim.step, 10)

    def test_integers_a_c_argument_cannot_hold_are_refused_not_wrapped(self):
        # ctypes keeps an integer's low bits: a spike for neuron 2**32 + 5 went to neuron 5, a step of 2**63 to -2**63
        with tempfile.TemporaryDirectory() as d:
            stream = shnn.SpikeStream.create(os.path.join(d, "in.ring"), capacity=16)
            try:
                for step, neuron, bits in ((2 ** 63, 1, 64), (5, 2 ** 32 + 5, 32), (-2 ** 63 - 1, 1, 64)):
                    with self.assertRaises(Exception) as ctx:
                        stream.put(step, neuron)
                    self.assertIn("does not fit a %d-bit signed integer" % bits, str(ctx.exception))
                    self.assertEqual(stream.drain(), [], "nothing was put")
                import numpy as np
                stream.put(np.int64(7), np.int32(3))  # NumPy integers are integers
                self.assertEqual(stream.drain(), [(7, 3)])
            finally:
                stream.close()
        with self.assertRaises(Exception) as ctx:
            shnn.Simulation.builtin("coba", 100, 2 ** 64 + 1)  # was seed 1
        self.assertIn("does not fit a 64-bit signed integer", str(ctx.exception))

    def test_inject_neuron_ids_are_range_checked(self):
        with shnn.Simulation.builtin("coba", 400, 3) as sim:
            for bad in (1 << 40, -1, 320, -(1 << 40)):
                with self.assertRaises(shnn.ShnnError) as e:
                    sim.inject("exc", [0, bad], 1.0)
                self.assertEqual(e.exception.status, shnn.E_ARGUMENT)
                self.assertIn("neurons[1]", str(e.exception))
            sim.inject("exc", [0, 319], 1.0)
            sim.run(1.0)

    def test_open_verification_choices_and_a_truncated_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "c.shnn")
            save_coba(path, 400, 3, 10.0)
            for verify in ("deferred", "full", "none"):
                with shnn.Simulation.open(path, verify=verify) as sim:
                    sim.run(1.0)
            with self.assertRaises(shnn.ShnnError):
                shnn.Simulation.open(path, verify="sometimes")
            sim = shnn.Simulation.open(path, threads=2)
            os.truncate(path, 4096)  # was SIGBUS on the next save, killing the interpreter
            with self.assertRaises(shnn.ShnnError) as e:
                sim.save(os.path.join(d, "out.shnn"))
            self.assertEqual(e.exception.status, shnn.E_IO)
            self.assertIn("truncated", str(e.exception))
            self.assertFalse(os.path.exists(os.path.join(d, "out.shnn")))
            for call in (lambda: sim.run(1.0), sim.raster_sha256, sim.spikes):
                with self.assertRaises(shnn.ShnnError) as e:
                    call()
                self.assertEqual(e.exception.status, shnn.E_STATE, "poisoned")
            sim.close()


if __name__ == "__main__":
    unittest.main()
