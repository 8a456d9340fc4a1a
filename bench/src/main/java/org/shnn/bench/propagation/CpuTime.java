package org.shnn.bench.propagation;

import static org.shnn.bench.Stats.median;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Thread CPU time per operation of the delivery contenders of {@link DeliveryBenchmark} and
 * {@link PropagationBenchmark}, alternated in one JVM: a measurement that a busy machine distorts much less than
 * JMH's wall clock (bench/RESULTS.md sections 6b, 15 and 29), because time the thread spends descheduled is not
 * counted, and because the contenders share one JVM, one heap and one load pattern, so their ratio holds even when
 * the absolute figures drift with the other processes on the cores.
 *
 * <p>Each contender first runs {@code WARMUP} ms of CPU time (in turns of a tenth of that, alternated, so C2 compiles
 * all of them before any is measured), then {@code ROUNDS} rounds of {@code MILLIS} ms each, the contenders in turn
 * within a round; a round's figure is its CPU time divided by its operations. Printed: every round, then per contender
 * the median and range, and the first contender's (the engine's) speed relative to it: its median divided by the
 * first's (0.40x: the engine takes 2.5 times as long).
 *
 * <p>Usage: {@code java @scripts/jvm.args -cp bench/target/benchmarks.jar org.shnn.bench.propagation.CpuTime CASE
 * [ROUNDS [MILLIS [WARMUP]]]}, defaults 8, 200 and 2000. CASE is {@code delivery} (DeliveryBenchmark, batch 32:
 * {@code shnnCsr}, {@code heapBatch}, {@code heapCsr}), {@code delivery-half} (the second worker range:
 * {@code shnnCsrSecondHalfRowStarts}, {@code heapBatch} for comparison of the per-row cost), {@code delivery-tm}
 * ({@code shnnCsr}, {@code shnnCsrShortTerm}) or {@code prop10}, {@code prop50}, {@code prop200}
 * (PropagationBenchmark with that many spikes: {@code shnnCsr}, {@code heapBatch}, {@code heapCsr}).
 *
 * <p>Single-threaded; a command-line tool, not part of the JMH suite.
 */
public final class CpuTime {

    /** Operations between two reads of the thread's CPU clock (a read costs about a microsecond). */
    private static final int OPS_PER_CHECK = 16;

    private CpuTime() {
    }

    /** One contender: a name and one operation. */
    private record Contender(String name, Supplier<Object> op) {
    }

    /** Runs the measurement; see the class comment. */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 4) {
            throw new IllegalArgumentException("usage: CpuTime delivery|delivery-half|delivery-tm|prop10|prop50|prop200"
                    + " [ROUNDS [MILLIS [WARMUP_MILLIS]]]");
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        long millis = args.length > 2 ? Long.parseLong(args[2]) : 200;
        long warmup = args.length > 3 ? Long.parseLong(args[3]) : 2000;
        Contender[] contenders = contenders(args[0]);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        for (int turn = 0; turn < 10; turn++) {
            for (Contender c : contenders) {
                measure(bean, c, warmup / 10 * 1_000_000L);
            }
        }
        double[][] perOp = new double[contenders.length][rounds];
        for (int r = 0; r < rounds; r++) {
            StringBuilder line = new StringBuilder("round " + r + ":");
            for (int i = 0; i < contenders.length; i++) {
                perOp[i][r] = measure(bean, contenders[i], millis * 1_000_000L);
                line.append(String.format(Locale.ROOT, " %s %.0f", contenders[i].name(), perOp[i][r]));
            }
            System.out.println(line);
        }
        double first = median(perOp[0]);
        for (int i = 0; i < contenders.length; i++) {
            double[] s = perOp[i].clone();
            Arrays.sort(s);
            double m = median(perOp[i]);
            System.out.printf(Locale.ROOT,
                    "%-28s median %9.0f ns/op CPU (range %.0f - %.0f), speed of %s vs this %.2fx%n",
                    contenders[i].name(), m, s[0], s[s.length - 1], contenders[0].name(), m / first);
        }
    }

    private static Contender[] contenders(String name) {
        switch (name) {
            case "delivery", "delivery-half", "delivery-tm" -> {
                DeliveryBenchmark b = new DeliveryBenchmark();
                b.batch = 32;
                b.setUp();
                return switch (name) {
                    case "delivery" -> new Contender[] {new Contender("shnnCsr", b::shnnCsr),
                            new Contender("heapBatch", b::heapBatch), new Contender("heapCsr", b::heapCsr)};
                    case "delivery-half" -> new Contender[] {
                            new Contender("shnnCsrSecondHalfRowStarts", b::shnnCsrSecondHalfRowStarts),
                            new Contender("heapBatch", b::heapBatch)};
                    default -> new Contender[] {new Contender("shnnCsr", b::shnnCsr),
                            new Contender("shnnCsrShortTerm", b::shnnCsrShortTerm)};
                };
            }
            case "prop10", "prop50", "prop200" -> {
                PropagationBenchmark b = new PropagationBenchmark();
                b.spikes = Integer.parseInt(name.substring(4));
                b.setUp();
                return new Contender[] {new Contender("shnnCsr", b::shnnCsr), new Contender("heapBatch", b::heapBatch),
                        new Contender("heapCsr", b::heapCsr)};
            }
            default -> throw new IllegalArgumentException("case " + name + ": expected delivery, delivery-half, "
                    + "delivery-tm, prop10, prop50 or prop200");
        }
    }

    /** Runs {@code c} for at least {@code nanos} of this thread's CPU time; returns CPU ns per operation. */
    private static double measure(ThreadMXBean bean, Contender c, long nanos) {
        Supplier<Object> op = c.op();
        long ops = 0;
        long start = bean.getCurrentThreadCpuTime();
        long now;
        do {
            for (int i = 0; i < OPS_PER_CHECK; i++) {
                op.get();
            }
            ops += OPS_PER_CHECK;
            now = bean.getCurrentThreadCpuTime();
        } while (now - start < nanos);
        return (double) (now - start) / ops;
    }
}
