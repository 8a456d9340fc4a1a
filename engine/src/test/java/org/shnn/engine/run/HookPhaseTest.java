package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.InitialValue;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.neuron.LifDeltaModel;
import org.shnn.engine.neuron.LifDeltaParams;
import org.shnn.engine.plasticity.WeightMonitor;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecJson;
import org.shnn.engine.synapse.CsrMatrix;

/**
 * Step hooks with phases longer than one step ({@link StepHook#maxStepsPerPhase()}): the threads exchange spikes
 * once per shortest delay also while hooks run, capped by the hooks, with the results of one thread's step-by-step
 * run. One thread always runs phases of one step, so each comparison below is phases of one step against longer
 * ones.
 */
class HookPhaseTest {

    private static final Path PLASTIC = Path.of("..", "examples", "networks", "plastic.json");
    private static final long SEED = 4242L;

    /** A plastic run's outcome: raster, state monitors' values, STDP weights, weight recorder samples, phase. */
    private record Plastic(byte[] sha, List<double[]> samples, List<long[]> weights, double[][] recorded, int phase) {
    }

    private static Plastic plastic(NetworkSpec spec, int threads, long steps) {
        try (Simulation s = Assembler.create(spec, SimulationConfig.defaults().withThreads(threads))) {
            s.runSteps(steps / 3);
            s.runSteps(steps - steps / 3);
            List<double[]> samples = new ArrayList<>();
            for (int m = 0; m < s.config().stateMonitors().size(); m++) {
                for (int k = 0; k < s.stateMonitor(m).spec().neurons().length; k++) {
                    samples.add(s.stateMonitor(m).values(k));
                }
            }
            CsrMatrix c = s.synapses(0);
            List<long[]> weights = new ArrayList<>();
            for (int row = 0; row < c.rows(); row++) {
                for (long e = c.rowStart(row), end = e + c.rowLength(row); e < end; e++) {
                    weights.add(new long[] {row, c.target(e), Float.floatToRawIntBits(c.weight(e))});
                }
            }
            List<WeightMonitor> recorders = s.hooks(WeightMonitor.class);
            assertEquals(1, recorders.size(), "plastic.json has one weight recorder");
            return new Plastic(s.rasterSha256(), samples, weights, recorders.get(0).values(), s.stepsPerPhase());
        }
    }

    /**
     * examples/networks/plastic.json (pair STDP on input->exc, delays 1 ms = 10 steps, state and weight recorders,
     * a step current): 2 and 3 threads meet every 10 steps with STDP and both recorders attached, and give one
     * thread's raster, recorded values, recorded weights and final weights bit for bit.
     */
    @Test
    void stdpAndRecordersRunInPhasesOfTheShortestDelayWithOneThreadsResults() throws IOException {
        NetworkSpec spec = SpecJson.read(PLASTIC);
        long steps = 4000;
        Plastic one = plastic(spec, 1, steps);
        assertEquals(1, one.phase(), "one thread steps one step per phase");
        boolean potentiated = false;
        for (double[] w : one.recorded()) {
            potentiated |= w[w.length - 1] != w[0];
        }
        assertTrue(potentiated, "STDP changed some recorded weight within the run");
        for (int threads = 2; threads <= 3; threads++) {
            Plastic many = plastic(spec, threads, steps);
            String what = "plastic.json on " + threads + " threads (phases of " + many.phase() + " steps) vs 1 thread";
            assertEquals(10, many.phase(), what + ": STDP and the recorders allow phases of the shortest delay");
            assertArrayEquals(one.sha(), many.sha(), what + ": raster SHA-256");
            assertEquals(one.samples().size(), many.samples().size(), what);
            for (int k = 0; k < one.samples().size(); k++) {
                assertArrayEquals(one.samples().get(k), many.samples().get(k), what + ": recorded state " + k);
            }
            assertEquals(one.recorded().length, many.recorded().length, what);
            for (int k = 0; k < one.recorded().length; k++) {
                assertArrayEquals(one.recorded()[k], many.recorded()[k], what + ": recorded weight " + k);
            }
            assertEquals(one.weights().size(), many.weights().size(), what);
            for (int i = 0; i < one.weights().size(); i++) {
                assertArrayEquals(one.weights().get(i), many.weights().get(i), what + ": STDP synapse " + i
                        + " (row, target, weight bits)");
            }
        }
    }

    /**
     * A hook that delivers input: each spike of the step kicks excitatory neuron (7 g) mod 800 {@code delay} steps later, on the
     * worker that owns it. It feeds the spikes back into the network, so a kick at the wrong step changes the raster.
     */
    private static final class Kicker implements StepHook {
        private final int delay;
        private final int phase;
        private final int neurons;

        Kicker(int delay, int phase, int neurons) {
            this.delay = delay;
            this.phase = phase;
            this.neurons = neurons;
        }

        @Override
        public void afterDelivery(StepContext ctx) {
            for (int k = 0, n = ctx.spikeCount(); k < n; k++) {
                int target = (int) (7L * ctx.spike(k) % neurons);
                if (target >= ctx.from() && target < ctx.to()) {
                    ctx.deliver(0, 0, ctx.step() + delay, target, 0.3f);
                }
            }
        }

        @Override
        public int maxStepsPerPhase() {
            return phase;
        }
    }

    /** Brunel-like 800 + 200 LIF delta neurons with Poisson drive, delays of 6 to 15 steps; exc has ids 0-799. */
    private static Network slowNetwork() {
        double dt = 0.1;
        LifDeltaParams p = LifDeltaParams.brunel2000();
        LifDeltaModel model = new LifDeltaModel(p, dt);
        NetworkBuilder b = new NetworkBuilder("slow-delays", dt, SEED);
        Population exc = b.population("exc", model, 800);
        Population inh = b.population("inh", model, 200);
        for (Population target : new Population[] {exc, inh}) {
            b.initialize(target, "v", new InitialValue.Uniform(p.eL(), p.vTh()));
            b.connect(exc, target, 0, Connectivity.fixedInDegree(80), WeightRule.constant(0.1), DelayRule.uniformSteps(6, 15));
            b.connect(inh, target, 1, Connectivity.fixedInDegree(20), WeightRule.constant(-0.5), DelayRule.uniformSteps(6, 12));
            b.poissonInput(target, 0, 80, 250, 0.1);
        }
        return b.build();
    }

    private record Kicked(byte[] sha, long spikes, int phase) {
    }

    private static Kicked kicked(Network n, int threads, StepHook hook, long steps) {
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(threads))) {
            s.addHook(hook);
            s.runSteps(steps / 2);
            s.runSteps(steps - steps / 2);
            return new Kicked(s.rasterSha256(), s.spikeCount(), s.stepsPerPhase());
        }
    }

    /**
     * Shortest delay 6 steps: a kicker with a delay of 4 declaring 4 caps the phase at 4; the default (1, as live
     * input, replayed spikes and the pacer declare) keeps phases of one step; both give one thread's raster, which
     * the kicks change. A kicker declaring more than its delay is refused at its first late delivery, naming the
     * phase, instead of running a different raster.
     */
    @Test
    void aHookThatDeliversCapsThePhaseAtItsDelay() {
        Network n = slowNetwork();
        long steps = 1500;
        Kicked alone = kicked(n, 1, ctx -> { }, steps);
        Kicked one = kicked(n, 1, new Kicker(4, 4, 800), steps);
        assertTrue(one.spikes() > 1000, "network should be active: " + one.spikes() + " spikes");
        assertTrue(!java.util.Arrays.equals(alone.sha(), one.sha()), "the kicks change the raster");
        for (int threads = 2; threads <= 3; threads++) {
            Kicked capped = kicked(n, threads, new Kicker(4, 4, 800), steps);
            assertEquals(4, capped.phase(), threads + " threads, kicker of delay 4");
            assertArrayEquals(one.sha(), capped.sha(), threads + " threads, phases of 4 steps vs 1 thread");
            Kicked stepwise = kicked(n, threads, new StepHook() {
                private final Kicker k = new Kicker(4, 1, 800);

                @Override
                public void afterDelivery(StepContext ctx) {
                    k.afterDelivery(ctx);
                }
            }, steps);
            assertEquals(1, stepwise.phase(), threads + " threads, a hook with the default phase");
            assertArrayEquals(one.sha(), stepwise.sha(), threads + " threads, phases of 1 step vs 1 thread");
            Kicked none = kicked(n, threads, ctx -> { }, steps);
            assertEquals(1, none.phase(), threads + " threads, a lambda hook keeps the default");
            assertArrayEquals(alone.sha(), none.sha(), threads + " threads, no kicks");
        }
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(2))) {
            s.addHook(new Kicker(2, Integer.MAX_VALUE, 800));
            assertEquals(6, s.stepsPerPhase(), "a hook declaring any phase leaves the shortest delay");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.runSteps(steps));
            String m = String.valueOf(e.getCause().getMessage());
            assertTrue(m.contains("phases of 6 steps") && m.contains("maxStepsPerPhase"), m);
        }
    }
}
