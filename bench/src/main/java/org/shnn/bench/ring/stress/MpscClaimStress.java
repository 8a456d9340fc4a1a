package org.shnn.bench.ring.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;
import org.shnn.memory.ring.MpscRing;
import org.shnn.memory.ring.SpikeRecord;

/**
 * MPSC: two producers race for the last free slot of a ring of 2 (one slot holds record 1; two actors, as this
 * 2-core machine runs no more at once). Exactly one claim wins; every committed record is then drained
 * exactly once and whole by the arbiter. r1: the records the producers committed (bit 0 producer A's 10, bit 1
 * producer B's 20); r2: the number of records drained; r3: 1 if they are exactly 1 and the committed ones,
 * each once and whole, in position order (1 first), else 0.
 */
@JCStressTest
@Outcome(id = {"1, 2, 1", "2, 2, 1"}, expect = ACCEPTABLE, desc = "one producer won the slot")
@Outcome(expect = FORBIDDEN, desc = "both claims of one slot, or a lost, duplicated or torn record")
@State
public class MpscClaimStress {

    private final MpscRing ring = MpscRing.create(Rings.memory(MpscRing.requiredBytes(2, SpikeRecord.SIZE)), 2,
            SpikeRecord.SIZE);
    private volatile int committed;

    public MpscClaimStress() {
        long p = ring.tryClaim(1);
        Rings.put(ring, p, 1);
        ring.commit(p, 1);
    }

    private void produce(int value, int bit) {
        long p = ring.tryClaim(1);
        if (p >= 0) {
            Rings.put(ring, p, value);
            ring.commit(p, 1);
            synchronized (this) {
                committed |= bit;
            }
        }
    }

    @Actor
    public void producerA() {
        produce(10, 1);
    }

    @Actor
    public void producerB() {
        produce(20, 2);
    }

    @Arbiter
    public void arbiter(JJJ_Result r) {
        r.r1 = committed;
        long first = Rings.poll(ring);
        int seen = 0;
        int count = 0;
        boolean whole = first == 1;
        for (long v : new long[] {first, Rings.poll(ring), Rings.poll(ring)}) {
            if (v == Rings.NONE) {
                continue;
            }
            count++;
            whole &= v == 1 || v == 10 || v == 20;
            seen |= v == 1 ? 4 : v == 10 ? 1 : v == 20 ? 2 : 0;
        }
        r.r2 = count;
        r.r3 = whole && seen == (committed | 4) ? 1 : 0;
    }
}
