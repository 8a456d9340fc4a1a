package org.shnn.engine.live;

import java.util.concurrent.locks.LockSupport;
import org.shnn.engine.run.StepContext;
import org.shnn.engine.run.StepHook;

/**
 * Holds a run to the wall clock at {@code factor} simulated time per wall time: a step hook that, on worker 0
 * after step {@code t}'s spikes are delivered, waits until step {@code t}'s deadline ({@link PacingReport})
 * and records its lag and jitter. The other workers cannot run more than one step ahead of worker 0 (a phase
 * needs every range), so pacing one worker paces the run; while the pacer is attached, workers meet every step
 * (a hook's rule), which a paced run can afford.
 *
 * <p>Waiting: parks until {@value #SPIN_NANOS} ns before the deadline, then spins on {@link System#nanoTime()}:
 * a park overshoots by tens of microseconds on this machine (timer slack and wake-up), a spin does not. A step
 * that ends after its deadline is not waited for and the next steps run at full speed until they are on time
 * again: the deadlines do not drift with the lateness, so falling behind shows in the lag and is never absorbed.
 *
 * <p>Contract of {@link #afterDelivery}: called by each worker once per step; only worker 0's call acts; no
 * allocation, no throw. Thread-safety: the recorded figures are written by whichever thread runs worker 0's
 * range (its calls are ordered) and read between runs.
 */
final class Pacer implements StepHook {

    /** How long before a deadline the pacer stops parking and spins. */
    static final long SPIN_NANOS = 200_000;

    private final double factor;
    private final double stepNanos;
    private final long toleranceNanos;
    private final LogHistogram lag = new LogHistogram();
    private final LogHistogram jitter = new LogHistogram();
    private long originNanos;
    private long originStep;
    private long lastEnd;
    private long steps;
    /** Steps behind by more than the tolerance. */
    private long behind;
    /** The first of them, {@link Long#MAX_VALUE} while none. */
    private long firstBehind = Long.MAX_VALUE;

    /**
     * @param dtMs           the simulation step, ms
     * @param factor         simulated time per wall time (> 0)
     * @param toleranceNanos lag above which a step counts as behind (>= 0)
     */
    Pacer(double dtMs, double factor, long toleranceNanos) {
        this.factor = factor;
        this.stepNanos = dtMs * 1e6 / factor;
        this.toleranceNanos = toleranceNanos;
    }

    /** Sets the wall-clock origin: step {@code firstStep} starts now. Call before the run's first step. */
    void start(long firstStep) {
        originStep = firstStep;
        originNanos = System.nanoTime();
        lastEnd = 0;
    }

    @Override
    public void afterDelivery(StepContext context) {
        if (context.worker() != 0) {
            return;
        }
        long deadline = originNanos + (long) ((context.step() + 1 - originStep) * stepNanos);
        long now = System.nanoTime();
        long wait;
        while ((wait = deadline - now) > 0) {
            if (wait > SPIN_NANOS) {
                LockSupport.parkNanos(wait - SPIN_NANOS);
            } else {
                Thread.onSpinWait();
            }
            now = System.nanoTime();
        }
        long late = now - deadline; // >= 0: the wait ends at or after the deadline
        lag.record(late);
        if (lastEnd != 0) {
            jitter.record(Math.abs((now - lastEnd) - (long) stepNanos));
        }
        lastEnd = now;
        steps++;
        // A step behind by more than the tolerance, counted without a branch: C2 compiled the branch, which the
        // steps on time before never took, as an uncommon trap, and the first step behind threw this method's code
        // away and held the run a further 2-4 ms in the interpreter (bench/RESULTS.md section 72)
        long isBehind = (toleranceNanos - late) >>> 63; // 1 when late > toleranceNanos: both far from overflow
        behind += isBehind;
        long mask = -isBehind; // every bit set when behind
        firstBehind = Math.min(firstBehind, (context.step() & mask) | (Long.MAX_VALUE & ~mask));
    }

    /**
     * Whether a step was behind by more than the tolerance. Between chunks: the run's threads have ended their
     * phases (joined by the step loop), so worker 0's plain writes are visible.
     */
    boolean fellBehind() {
        return behind > 0;
    }

    /** The figures so far (between runs). */
    PacingReport report() {
        return new PacingReport(factor, steps, lag, jitter, behind, toleranceNanos,
                firstBehind == Long.MAX_VALUE ? -1 : firstBehind);
    }
}
