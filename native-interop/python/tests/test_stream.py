"""shnn.SpikeStream on its own (no JVM, no run): a mapped ring shared by two handles, a blocking put whose consumer
stopped, the drop-oldest policy under several producer threads, and the errors of a bad file (file, offset, field,
expected, found)."""

import os
import struct
import tempfile
import threading
import unittest

import shnn


class SpikeStreamTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "s.ring")

    def tearDown(self):
        self.dir.cleanup()

    def test_two_mappings_share_the_ring(self):
        with shnn.SpikeStream.create(self.path, True, 8, "block") as producer, shnn.SpikeStream.open(self.path) as consumer:
            self.assertEqual((True, 8, "block"), consumer.info)
            self.assertEqual(-1, consumer.consumer_step)
            for i in range(5):
                producer.put(100 + i, i)
            self.assertEqual([(100, 0), (101, 1), (102, 2)], consumer.drain(3))
            self.assertEqual([(103, 3), (104, 4)], consumer.drain())
            self.assertEqual([], consumer.drain())

    def test_a_put_on_a_blocking_ring_nobody_reads_gives_up_naming_the_stream(self):
        with shnn.SpikeStream.create(self.path, False, 2, "block") as s:
            with self.assertRaises(shnn.ShnnError):
                s.set_stall_timeout(0)
            s.set_stall_timeout(0.1)
            s.put(1, 1)
            s.put(2, 2)
            with self.assertRaises(shnn.ShnnError) as e:
                s.put(3, 3)
            self.assertIn("s.ring: its ring of 2 records has been full for", str(e.exception))
            self.assertIn("its consumer has stopped reading", str(e.exception))
            self.assertEqual([(1, 1), (2, 2)], s.drain())

    def test_drop_oldest_counts_what_it_loses_under_concurrent_producers(self):
        with shnn.SpikeStream.create(self.path, True, 16, "drop-oldest") as s:
            per, producers = 3000, 4

            def produce(p):
                for i in range(per):
                    s.put(i, p)
            threads = [threading.Thread(target=produce, args=(p,)) for p in range(producers)]
            for t in threads:
                t.start()
            last = [-1] * producers
            received = 0
            while True:
                alive = any(t.is_alive() for t in threads)  # before the drain: an empty drain after it ends the loop
                batch = s.drain(7)
                for step, p in batch:
                    self.assertGreater(step, last[p], "producer %d out of order" % p)
                    last[p] = step
                received += len(batch)
                if not batch and not alive:
                    break
            self.assertEqual(per * producers, received + s.dropped)

    def test_a_bad_file_names_file_offset_field_expected_and_found(self):
        shnn.SpikeStream.create(self.path, False, 8, "block").close()
        with open(self.path, "r+b") as f:
            f.seek(512 + 16)  # the ring header's capacity
            f.write(struct.pack("=i", 12))
        with self.assertRaises(shnn.ShnnError) as e:
            shnn.SpikeStream.open(self.path)
        self.assertEqual(shnn.E_IO, e.exception.status)
        self.assertIn("spike stream %s: at byte offset 528, field ring.capacity: expected a power of two" % self.path,
                      str(e.exception))
        self.assertIn("found 12", str(e.exception))
        with open(self.path, "r+b") as f:
            f.truncate(600)
        with self.assertRaises(shnn.ShnnError) as e:
            shnn.SpikeStream.open(self.path)
        self.assertIn("field size: expected at least 1024 bytes (stream and ring headers), found 600 bytes (truncated)",
                      str(e.exception))
        with self.assertRaises(shnn.ShnnError) as e:
            shnn.SpikeStream.open(os.path.join(self.dir.name, "missing.ring"), wait_s=0.05)
        self.assertIn("did not appear within 0.05 s", str(e.exception))


if __name__ == "__main__":
    unittest.main()
