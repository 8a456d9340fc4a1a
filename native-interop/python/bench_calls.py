"""Call-overhead benchmark of the Python bindings (not a test). Prints "name value unit" lines:
a ctypes call of libc's labs (baseline), a raw ctypes call of shnn_echo, the shnn.echo wrapper, a
property read on a Simulation (spike_count), and spikes/s of Simulation.spikes() (one batch call into
NumPy arrays) after 5 s of COBA (4000 neurons, seed 42).
Usage: PYTHONPATH=native-interop/python /usr/bin/python3 native-interop/python/bench_calls.py [calls]"""

import ctypes
import ctypes.util
import sys
import time

import shnn


def per_call(fn, n):
    for i in range(n // 10):
        fn(i)
    t0 = time.perf_counter_ns()
    for i in range(n):
        fn(i)
    return (time.perf_counter_ns() - t0) / n


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    t0 = time.perf_counter()
    shnn.init()
    print("init_ms %.1f ms" % ((time.perf_counter() - t0) * 1e3))
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.labs.restype = ctypes.c_long
    libc.labs.argtypes = [ctypes.c_long]
    labs = libc.labs
    print("ctypes_labs %.1f ns/call" % per_call(lambda i: labs(i), n))
    out = ctypes.c_int64()
    ref = ctypes.byref(out)
    raw = shnn._lib.shnn_echo
    print("ctypes_shnn_echo %.1f ns/call" % per_call(lambda i: raw(i, ref), n))
    print("shnn_echo_wrapper %.1f ns/call" % per_call(shnn.echo, n))
    with shnn.Simulation.builtin("coba", 4000, 42) as sim:
        sim.run(5000)
        print("sim_spike_count_property %.1f ns/call" % per_call(lambda i: sim.spike_count, n // 4))
        best = None
        for _ in range(3):
            t0 = time.perf_counter_ns()
            steps, neurons = sim.spikes()
            dt = time.perf_counter_ns() - t0
            best = dt if best is None else min(best, dt)
        print("spikes_to_numpy %.1f Mspikes/s (%d spikes, %.1f ms)" % (len(steps) / best * 1e3, len(steps), best / 1e6))


if __name__ == "__main__":
    main()
