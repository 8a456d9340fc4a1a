package org.shnn.bench.ring.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.foreign.Arena;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;
import org.shnn.engine.stream.SpikeStream;
import org.shnn.engine.stream.StreamPolicy;
import org.shnn.memory.ring.SpikeRecord;
import org.shnn.memory.ring.YieldingIdleStrategy;

/**
 * Drop-oldest under the consumer lock: a full stream of 1 slot holds spike 1; the producer puts 2 (dropping the
 * oldest if the ring is still full) while the consumer drains once (two actors: this machine has 2 cores).
 * Every spike is received once or counted dropped, never both, never torn: r1 = the consumer's spike (-1:
 * none), r2 = the dropped count, r3 = 1 if received (consumer and arbiter) + dropped = 2 with no spike twice
 * and spike 2 received, else 0.
 */
@JCStressTest
@Outcome(id = {"1, 0, 1", "-1, 1, 1"}, expect = ACCEPTABLE,
        desc = "the consumer took 1 before the put, or the put dropped 1 first (the consumer then found none or waited)")
@Outcome(id = "2, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "the put dropped 1 and the consumer took 2")
@Outcome(expect = FORBIDDEN, desc = "a spike lost without being counted, received twice, or torn")
@State
public class DropOldestStress {

    private final SpikeStream stream = SpikeStream.create(
            Arena.ofAuto().allocate(SpikeStream.requiredBytes(true, 1), 64), true, 1, StreamPolicy.DROP_OLDEST,
            "stress stream");
    public DropOldestStress() {
        put(1);
    }

    private void put(int v) {
        try {
            stream.put(v, v, YieldingIdleStrategy.INSTANCE);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Actor
    public void producer() {
        put(2);
    }

    @Actor
    public void consumer(JJJ_Result r) {
        long[] got = {Rings.NONE};
        stream.drain((s, o) -> got[0] = SpikeRecord.timeStep(s, o) == SpikeRecord.neuronId(s, o)
                ? SpikeRecord.timeStep(s, o) : -2, 1);
        r.r1 = got[0];
    }

    @Arbiter
    public void arbiter(JJJ_Result r) {
        r.r2 = stream.dropped();
        long[] rest = new long[2];
        int n = 0;
        long[] got = {Rings.NONE};
        while (stream.drain((s, o) -> got[0] = SpikeRecord.timeStep(s, o), 1) == 1) {
            rest[n++] = got[0];
        }
        int seen = 0;
        int count = 0;
        boolean ok = true;
        for (long v : new long[] {r.r1, n > 0 ? rest[0] : Rings.NONE}) {
            if (v == Rings.NONE) {
                continue;
            }
            ok &= v >= 1 && v <= 2 && (seen & (1 << v)) == 0;
            seen |= 1 << Math.max(0, (int) v);
            count++;
        }
        r.r3 = ok && n <= 1 && (seen & 4) != 0 && count + r.r2 == 2 ? 1 : 0;
    }
}
