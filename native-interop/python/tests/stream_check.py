"""Checks a live run fed by a second process (scripts/test-native, "live streams"):

    stream_check.py PRODUCED.txt OUTPUT.txt RECORD.spikes SUMMARY.json STEPS INPUT_NEURONS

PRODUCED: the spikes the host put ("stamp neuron"); OUTPUT: every spike the host read from the output ring
("step neuron"); RECORD: the engine's record of delivered input (--input-record: 16-byte little-endian
records step int64 = the step the spike took effect at, neuron int32, spare int32 = steps late); SUMMARY: the
run's --summary-json. Checks that
  - every produced spike was delivered exactly once (none lost or duplicated): the delivered spikes, each
    taken back to its stamp (step - late), are the produced ones, apart from the spikes still held for
    steps after the run (the summary's count);
  - each took effect at its step: it is on time (late 0) or its lateness is counted, and the input neurons
    (ids below INPUT_NEURONS, driven only by the stream, one spike per input) fired exactly at the steps
    the record gives;
  - the output ring carried every spike of the run (count = the summary's spikes, steps in order).
Prints the figures; exits 1 on a failed check."""

import collections
import json
import struct
import sys


def main(argv):
    produced_path, output_path, record_path, summary_path = argv[1:5]
    steps, input_neurons = int(argv[5]), int(argv[6])
    produced = collections.Counter(tuple(int(x) for x in line.split()) for line in open(produced_path))
    output = [tuple(int(x) for x in line.split()) for line in open(output_path)]
    data = open(record_path, "rb").read()
    record = [struct.unpack_from("<qii", data, k) for k in range(0, len(data), 16)]
    summary = json.load(open(summary_path))
    failures = []

    stamped = collections.Counter((step - late, neuron) for step, neuron, late in record)
    extra = stamped - produced
    held = produced - stamped
    if extra:
        failures.append("delivered but never produced (or duplicated): %s" % sorted(extra.elements())[:10])
    if sum(held.values()) != summary["spikes_in"]["held"]:
        failures.append("%d produced spikes not delivered, the engine holds %d: %s"
                        % (sum(held.values()), summary["spikes_in"]["held"], sorted(held.elements())[:10]))
    late = sum(1 for r in record if r[2] > 0)
    if late != summary["spikes_in"]["late"] or len(record) != summary["spikes_in"]["delivered"]:
        failures.append("record: %d delivered, %d late; summary: %s" % (len(record), late, summary["spikes_in"]))
    took_effect = {(step, neuron) for step, neuron, _ in record if step < steps}
    fired = {(step, neuron) for step, neuron in output if neuron < input_neurons}
    if took_effect != fired:
        failures.append("input neurons fired %d times, the record says %d; differences: %s"
                        % (len(fired), len(took_effect), sorted(fired ^ took_effect)[:10]))
    if len(output) != summary["spikes"] or any(a[0] > b[0] for a, b in zip(output, output[1:])):
        failures.append("output ring carried %d spikes (in step order: %s), the run had %d"
                        % (len(output), all(a[0] <= b[0] for a, b in zip(output, output[1:])), summary["spikes"]))
    print("stream check: produced %d, delivered %d (late %d, held %d), input spikes fired %d, output spikes %d"
          % (sum(produced.values()), len(record), late, sum(held.values()), len(fired), len(output)))
    for f in failures:
        print("FAILED: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
