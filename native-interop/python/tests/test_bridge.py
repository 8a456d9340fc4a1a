"""Tests of the embedding machinery through the Python bindings (run by scripts/test-native)."""

import threading
import unittest

import shnn


class BridgeTest(unittest.TestCase):

    def test_version_and_round_trip(self):
        self.assertRegex(shnn.version(), r"^\d+\.\d+\.\d+")
        self.assertEqual(shnn.echo(-(2 ** 40)), -(2 ** 40))
        self.assertEqual(shnn.sum_i32([2 ** 31 - 1, 2 ** 31 - 1, 3]), 2 ** 32 + 1)
        self.assertEqual(shnn.sum_i32([]), 0)

    def test_init_is_idempotent(self):
        shnn.init()
        shnn.init(jvm_options="-Xnot-an-option")  # ignored: the JVM already runs

    def test_errors_raise_with_status_and_message(self):
        shnn.init()
        with self.assertRaises(shnn.ShnnError) as ctx:
            shnn._check(shnn._lib.shnn_echo(1, None))
        self.assertEqual(ctx.exception.status, shnn.E_ARGUMENT)
        self.assertEqual(str(ctx.exception), "SHNN_E_ARGUMENT: out is NULL")

    def test_threads_call_concurrently(self):
        errors = []

        def work(k):
            try:
                for i in range(2000):
                    if shnn.echo(k * 10000 + i) != k * 10000 + i:
                        errors.append((k, i))
            except Exception as e:  # reported below
                errors.append(e)

        ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(60)
        self.assertEqual(errors, [])


if __name__ == "__main__":
    unittest.main()
