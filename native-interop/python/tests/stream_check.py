"""Checks a live run fed by a second process (scripts/test-native, "live streams"):

    stream_check.py PRODUCED.txt OUTPUT.txt RECORD.spikes SUMMARY.json STEPS INPUT_NEURONS IN_RING

PRODUCED: the spikes the host put ("stamp neuron after", after = the engine's consumer_step read once the put
had returned); OUTPUT: every spike the host read from the output ring
("step neuron"); RECORD: the engine's record of delivered input (--input-record: 16-byte little-endian
records step int64 = the step the spike took effect at, neuron int32, spare int32 = steps late); SUMMARY: the
run's --summary-json; IN_RING: the input ring, drained here once the engine has exited. Checks that
  - every produced spike was delivered exactly once (none lost or duplicated): the delivered spikes, each
    taken back to its stamp (step - late), are the produced ones, apart from the spikes still held for
    steps after the run (the summary's count) and those left in the ring;
  - a spike was left in the ring only because its put ended too late for the engine's last drains: the first
    left (in ring order; the others wait behind it) returned from its put when the engine's consumer_step
    was at least its final value - 1 (a drain that began after the put had returned must have taken it; the
    put of a producer descheduled between its claim and its commit can end after the run on a busy machine);
  - each took effect at its step: it is on time (late 0) or its lateness is counted, and the input neurons
    (ids below INPUT_NEURONS, driven only by the stream, one spike per input) fired exactly at the steps
    the record gives;
  - the output ring carried every spike of the run (count = the summary's spikes, steps in order).
Prints the figures; exits 1 on a failed check."""

import collections
import json
import struct
import sys

import shnn


def main(argv):
    produced_path, output_path, record_path, summary_path = argv[1:5]
    steps, input_neurons, in_ring = int(argv[5]), int(argv[6]), argv[7]
    after = {}  # (stamp, neuron), unique: one spike per step and producer, producers on disjoint neurons
    for line in open(produced_path):
        stamp, neuron, step_after_put = (int(x) for x in line.split())
        after[(stamp, neuron)] = step_after_put
    produced = collections.Counter(after.keys())
    with shnn.SpikeStream.open(in_ring) as ring:  # the engine has exited: this is the ring's only consumer
        final_step = ring.consumer_step
        left = ring.drain(len(after) + 1)
    output = [tuple(int(x) for x in line.split()) for line in open(output_path)]
    data = open(record_path, "rb").read()
    record = [struct.unpack_from("<qii", data, k) for k in range(0, len(data), 16)]
    summary = json.load(open(summary_path))
    failures = []

    stamped = collections.Counter((step - late, neuron) for step, neuron, late in record)
    extra = stamped - produced
    in_ring = collections.Counter(left)
    held = produced - stamped - in_ring
    if extra:
        failures.append("delivered but never produced (or duplicated): %s" % sorted(extra.elements())[:10])
    if in_ring - (produced - stamped):
        failures.append("left in the ring but never produced, or delivered too: %s"
                        % sorted((in_ring - (produced - stamped)).elements())[:10])
    if left and after.get(left[0], final_step) < final_step - 1:
        failures.append("the engine left %d committed spikes in the ring: the first, %s, had been put by consumer"
                        " step %d, and the engine drained on to step %d" % (len(left), left[0], after[left[0]],
                                                                           final_step))
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
    print("stream check: produced %d, delivered %d (late %d, held %d, left in the ring %d), input spikes fired %d,"
          " output spikes %d" % (sum(produced.values()), len(record), late, sum(held.values()), len(left), len(fired),
                                len(output)))
    for f in failures:
        print("FAILED: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
