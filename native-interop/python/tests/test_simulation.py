"""Tests of the Simulation bindings (run by scripts/test-native with /usr/bin/python3)."""

import hashlib
import os
import struct
import subprocess
import tempfile
import threading
import unittest

import shnn


def raster_hash(steps, neurons):
    """SHA-256 of the (step, neuron) pairs sorted, each as little-endian int64 + int32."""
    h = hashlib.sha256()
    for s, n in sorted(zip((int(x) for x in steps), (int(x) for x in neurons))):
        h.update(struct.pack("<qi", s, n))
    return h.digest()


def section_entries(data):
    """(name, entry offset, section offset, section length) of every entry of a .shnn file's section table."""
    count, entry_size, table = struct.unpack_from("<IIQ", data, 24)
    for i in range(count):
        e = table + i * entry_size
        offset, length = struct.unpack_from("<QQ", data, e + 56)
        yield data[e:e + 32].rstrip(b"\0"), e, offset, length


def save_coba(path, neurons, seed, ms):
    """Saves to ``path`` the built-in COBA network of ``neurons`` neurons and ``seed`` after ``ms`` of simulation."""
    with shnn.Simulation.builtin("coba", neurons, seed) as sim:
        sim.run(ms)
        sim.save(path)


class SimulationTest(unittest.TestCase):

    def test_run_read_and_hash_agree(self):
        with shnn.Simulation.builtin("coba", 1000, 7) as sim:
            self.assertEqual(sim.neuron_count, 1000)
            sim.run(100.0)
            self.assertEqual(sim.step, round(100.0 / sim.dt))
            self.assertAlmostEqual(sim.time_ms, 100.0, places=9)
            n = sim.spike_count
            self.assertGreater(n, 0, "COBA with seed 7 should spike in 100 ms")
            steps, neurons = sim.spikes()
            self.assertEqual(len(steps), n)
            self.assertEqual(sim.raster_sha256(), raster_hash(steps, neurons))
            # Batches read the same records as one read.
            parts = [sim.spikes(off, 97) for off in range(0, n, 97)]
            self.assertEqual([int(x) for p in parts for x in p[0]], [int(x) for x in steps])
            self.assertEqual([int(x) for p in parts for x in p[1]], [int(x) for x in neurons])
            self.assertTrue(all(0 <= int(x) < 1000 for x in neurons))
            self.assertTrue(all(0 <= int(x) < sim.step for x in steps))
            self.assertEqual(len(sim.spikes(n)[0]), 0)

    def test_export_spikes(self):
        with shnn.Simulation.builtin("coba", 400, 3) as sim, tempfile.TemporaryDirectory() as d:
            sim.run(50)
            steps, neurons = sim.spikes()
            path = os.path.join(d, "spikes.csv")
            sim.export_spikes(path)
            with open(path) as f:
                lines = f.read().splitlines()
            self.assertEqual(lines[0], "neuron_id,time_ms")
            self.assertEqual(len(lines) - 1, len(neurons))
            self.assertEqual([int(l.split(",")[0]) for l in lines[1:]], [int(x) for x in neurons])
            if shnn._np is not None:
                npz = os.path.join(d, "spikes.npz")
                sim.export_spikes(npz)
                with shnn._np.load(npz) as z:
                    self.assertTrue((z["neuron_id"] == neurons).all())
                    self.assertTrue(shnn._np.allclose(z["time_ms"], steps * sim.dt))
            with self.assertRaises(shnn.ShnnError) as c:
                sim.export_spikes(os.path.join(d, "no", "such", "dir", "x.csv"))
            self.assertEqual(c.exception.status, shnn.E_IO)
            with self.assertRaises(shnn.ShnnError) as c:
                sim.export_spikes(os.path.join(d, "x.txt"))
            self.assertEqual(c.exception.status, shnn.E_ARGUMENT)

    def test_state_is_a_zero_copy_view(self):
        with shnn.Simulation.builtin("coba", 500, 5) as sim:
            sim.run(10)
            v = sim.state("exc", "v")
            self.assertEqual(len(v), 400)
            self.assertTrue(all(-80.0 <= float(x) <= -50.0 for x in v))
            before = float(v[0])
            sim.run(10)
            self.assertNotEqual(float(v[0]), before, "the view follows the engine's memory")
            ref = sim.state("inh", "refractory")
            self.assertEqual(len(ref), 100)
            with self.assertRaises(shnn.ShnnError) as c:
                sim.state("exc", "nope")
            self.assertEqual(c.exception.status, shnn.E_ARGUMENT)
            self.assertIn("columns: v", str(c.exception))

    def test_save_open_and_read_without_jvm(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "net.shnn")
            with shnn.Simulation.builtin("coba", 1000, 8) as sim:
                sim.run(30)
                sim.save(path)
                v = sim.state("exc", "v")
                total = 0.0
                for x in v:  # the reader's order of summation, for an exact comparison
                    total += float(x)
                want_mean = total / len(v)
                want_spikes = sim.spike_count
                sim.run(20)
                want_hash = sim.raster_sha256()
            with shnn.Simulation.open(path) as resumed:
                self.assertEqual(resumed.step, 300)
                self.assertEqual(resumed.spike_count, want_spikes)
                resumed.run(20)
                self.assertEqual(resumed.raster_sha256(), want_hash)
            reader = os.path.join(os.path.dirname(shnn.library_path()), "bin", "read_state")
            out = subprocess.run([reader, path], check=True, capture_output=True, text=True).stdout
            values = dict(line.split(" ", 1) for line in out.splitlines())
            self.assertEqual(values["step"], "300")
            self.assertEqual(int(values["spikes"]), want_spikes)
            self.assertEqual(float(values["exc.v.mean"]), want_mean)
            self.assertEqual(values["population"].split()[-1], "lif_coba")
            with open(path, "r+b") as f:  # corrupt one byte of exc's state: the reader refuses the file
                data = f.read()
                for name, _, offset, _ in section_entries(data):
                    if name == b"population/exc/state":
                        f.seek(offset + 8)
                        f.write(bytes([data[f.tell()] ^ 0xFF]))
            bad = subprocess.run([reader, path], capture_output=True, text=True)
            self.assertEqual(bad.returncode, 1, bad.stdout)
            self.assertIn("checksum", bad.stderr)

    def test_a_damaged_synapse_row_fails_the_run_that_uses_it(self):
        # a synapse array of 1 MiB or more is verified row by row before each row's first use (block checksums):
        # with one bit flipped in every 16 KiB block, the first delivery fails with SHNN_E_IO naming the block
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "net.shnn")
            save_coba(path, 6000, 8, 2)
            with shnn.Simulation.open(path) as good:
                good.run(5)
                self.assertGreater(good.spike_count, 0)
            with open(path, "r+b") as f:
                data = bytearray(f.read())
                damaged = 0
                for name, e, offset, length in section_entries(bytes(data)):
                    block = struct.unpack_from("<I", data, e + 76)[0]  # blockSize
                    if name == b"projection/0/targets":
                        self.assertEqual(block, 16384, "saved with block checksums")
                        for at in range(offset, offset + length, block):
                            data[at] ^= 0x01
                            damaged += 1
                self.assertGreater(damaged, 64)
                f.seek(0)
                f.write(data)
            with shnn.Simulation.open(path) as bad:  # open reads no row of it
                with self.assertRaises(shnn.ShnnError) as c:
                    bad.run(5)
                self.assertEqual(c.exception.status, shnn.E_IO)
                self.assertIn("block checksum", str(c.exception))
                self.assertIn("projection/0/targets", str(c.exception))

    def test_chunked_run_equals_one_engine_call(self):
        with shnn.Simulation.builtin("coba", 500, 13) as a, shnn.Simulation.builtin("coba", 500, 13) as b:
            a.chunk_steps = 7
            a.run(50.05)  # 500.5 steps: half up, as Java's Math.round
            shnn._check(shnn._lib.shnn_sim_run(b.handle, 50.05))
            self.assertEqual(a.step, b.step)
            self.assertEqual(a.raster_sha256(), b.raster_sha256())

    def test_inject_changes_the_raster_the_same_way_on_any_thread_count(self):
        hashes = []
        for threads, inject in ((1, True), (2, True), (1, False)):
            with shnn.Simulation.builtin("coba", 500, 17, threads) as sim:
                sim.run(5)
                if inject:
                    sim.inject("exc", list(range(0, 400, 10)), 3000.0)
                sim.run(5)
                hashes.append(sim.raster_sha256())
        self.assertEqual(hashes[0], hashes[1])
        self.assertNotEqual(hashes[0], hashes[2])
        with shnn.Simulation.builtin("coba", 100, 1) as sim:
            with self.assertRaises(shnn.ShnnError) as c:
                sim.inject("exc", [80], [1.0])
            self.assertEqual(c.exception.status, shnn.E_ARGUMENT)
            self.assertIn("out of range [0, 80)", str(c.exception))

    def test_same_seed_same_raster(self):
        hashes = []
        for _ in range(2):
            with shnn.Simulation.builtin("coba", 500, 11) as sim:
                sim.run_steps(500)
                hashes.append(sim.raster_sha256())
        self.assertEqual(hashes[0], hashes[1])
        with shnn.Simulation.builtin("coba", 500, 12) as sim:
            sim.run_steps(500)
            self.assertNotEqual(sim.raster_sha256(), hashes[0])

    def test_errors(self):
        sim = shnn.Simulation.builtin("coba", 100, 1)
        with self.assertRaises(shnn.ShnnError) as c:
            sim.run(-5)
        self.assertEqual(c.exception.status, shnn.E_ARGUMENT)
        with self.assertRaises(shnn.ShnnError) as c:
            sim.spikes(-1)
        self.assertEqual(c.exception.status, shnn.E_ARGUMENT)
        sim.close()
        sim.close()  # idempotent
        with self.assertRaises(shnn.ShnnError) as c:
            shnn.Simulation(123456789).run(1)
        self.assertEqual(c.exception.status, shnn.E_HANDLE)
        with self.assertRaises(shnn.ShnnError) as c:
            shnn.Simulation.builtin("no-such-model", 100, 1)
        self.assertEqual(c.exception.status, shnn.E_ARGUMENT)
        self.assertIn("no-such-model", str(c.exception))

    def test_threads_on_separate_simulations(self):
        results = {}

        def work(seed):
            with shnn.Simulation.builtin("coba", 500, seed) as sim:
                sim.run_steps(300)
                results[seed] = sim.raster_sha256()

        ts = [threading.Thread(target=work, args=(s,)) for s in (21, 22, 23, 24)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(120)
        self.assertEqual(len(results), 4)
        for seed, h in results.items():
            with shnn.Simulation.builtin("coba", 500, seed) as sim:
                sim.run_steps(300)
                self.assertEqual(sim.raster_sha256(), h, "seed %d" % seed)


if __name__ == "__main__":
    unittest.main()
