"""A second process feeding a live run through mapped spike streams from Python (scripts/test-native,
"live streams"); the Python twin of native-interop/src/test/c/stream_host.c, same arguments and outputs:

    stream_host.py IN_RING OUT_RING PRODUCERS SPIKES SPAN LEAD LAST_STEP PRODUCED.txt OUTPUT.txt

Producer threads put spikes into the engine's MPSC input ring (ctypes releases the GIL, so the puts of
several threads race in the ring as several processes' would), one per engine step seen, stamped LEAD steps
past the engine's consumer_step; the main thread drains every output spike until the engine has written
step LAST_STEP. PRODUCED.txt has "stamp neuron after" lines (after: the engine's consumer_step once the put had
returned), OUTPUT.txt "step neuron" lines; stream_check.py compares both with the engine's record of delivered
input and with what the run left in the input ring."""

import sys
import threading
import time

import shnn


def main(argv):
    in_path, out_path = argv[1], argv[2]
    producers, spikes, span, lead, last_step = (int(a) for a in argv[3:8])
    produced_path, output_path = argv[8], argv[9]
    inp = shnn.SpikeStream.open(in_path, wait_s=120)
    out = shnn.SpikeStream.open(out_path, wait_s=120)
    if not inp.info[0]:
        raise SystemExit("stream_host.py: the input ring %s is not MPSC" % in_path)
    produced = [[] for _ in range(producers)]

    def produce(p):
        seen, stamp = -1, -1
        while len(produced[p]) < spikes:
            c = inp.consumer_step
            if c == seen:
                time.sleep(20e-6)
                continue
            seen = c
            if c + lead >= last_step:
                break  # the run ends before such a spike could take effect
            stamp = max(c + lead, stamp + 1)  # one spike per step and producer
            neuron = p * span + len(produced[p]) % span
            inp.put(stamp, neuron)
            produced[p].append((stamp, neuron, inp.consumer_step))  # the step once the put returned

    threads = [threading.Thread(target=produce, args=(p,)) for p in range(producers)]
    for t in threads:
        t.start()
    with open(output_path, "w") as f:
        while True:
            written = out.consumer_step  # before the drain: an empty drain after it means nothing is left
            batch = out.drain(4096)
            f.writelines("%d %d\n" % s for s in batch)
            if not batch:
                if written >= last_step:
                    break
                time.sleep(20e-6)
    for t in threads:
        t.join()
    with open(produced_path, "w") as f:
        for spikes_of_p in produced:
            f.writelines("%d %d %d\n" % s for s in spikes_of_p)
    print("stream_host.py: %d producers put %d spikes; input drops %d"
          % (producers, sum(len(x) for x in produced), inp.dropped))
    inp.close()
    out.close()


if __name__ == "__main__":
    main(sys.argv)
