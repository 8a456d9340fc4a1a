package org.shnn.bench.ring.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;
import org.shnn.memory.ring.SpikeRecord;
import org.shnn.memory.ring.SpscRing;

/**
 * SPSC hand-off across a lap: a ring of 2 slots whose positions 0 and 1 were used and freed (their commit words
 * hold values of the earlier lap); the producer puts records 7 and 8, the consumer polls once while it does.
 * The consumer sees nothing yet or record 7, never 8 first and never a torn record; afterwards the arbiter
 * finds the rest, in order.
 */
@JCStressTest
@Outcome(id = "-1, 7", expect = ACCEPTABLE, desc = "polled before the first commit; the arbiter finds 7 (then 8)")
@Outcome(id = "7, 8", expect = ACCEPTABLE_INTERESTING, desc = "polled 7 during the producer's run")
@Outcome(expect = FORBIDDEN, desc = "a torn, reordered, lost or duplicated record")
@State
public class SpscHandOffStress {

    private final SpscRing ring = SpscRing.create(Rings.memory(SpscRing.requiredBytes(2, SpikeRecord.SIZE)), 2,
            SpikeRecord.SIZE);

    public SpscHandOffStress() {
        for (int v = 1; v <= 2; v++) { // one lap: commit words of positions 0 and 1 now hold 1 and 2
            long p = ring.tryClaim(1);
            Rings.put(ring, p, v);
            ring.commit(p, 1);
            Rings.poll(ring);
        }
    }

    @Actor
    public void producer() {
        for (int v = 7; v <= 8; v++) {
            long p;
            while ((p = ring.tryClaim(1)) < 0) {
                Thread.onSpinWait();
            }
            Rings.put(ring, p, v);
            ring.commit(p, 1);
        }
    }

    @Actor
    public void consumer(JJ_Result r) {
        r.r1 = Rings.poll(ring);
    }

    @Arbiter
    public void arbiter(JJ_Result r) {
        long next = Rings.poll(ring);
        long last = Rings.poll(ring);
        if (r.r1 == Rings.NONE) {
            r.r2 = last == 8 ? next : -3; // 7 then 8 must remain
        } else {
            r.r2 = last == Rings.NONE ? next : -4; // only 8 must remain
        }
    }
}
