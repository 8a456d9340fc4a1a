package org.shnn.engine.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shnn.engine.neuron.PiecewiseModel;
import org.shnn.engine.input.CurrentSource;
import org.shnn.engine.input.CurrentWaveform;
import org.shnn.engine.input.PoissonGenerator;
import org.shnn.engine.network.Network;
import org.shnn.engine.neuron.LifCobaModel;
import org.shnn.engine.random.Distributions;
import org.shnn.engine.record.SpikeMonitorSpec;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.run.Synapses;
import org.shnn.engine.spec.ArrayRef;
import org.shnn.engine.spec.CellType;
import org.shnn.engine.spec.Connector;
import org.shnn.engine.spec.CurrentSourceSpec;
import org.shnn.engine.spec.Distribution;
import org.shnn.engine.spec.HomeostasisSpec;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.PoissonDriveSpec;
import org.shnn.engine.spec.PopulationSpec;
import org.shnn.engine.spec.ProjectionSpec;
import org.shnn.engine.spec.RecorderSpec;
import org.shnn.engine.spec.Selection;
import org.shnn.engine.spec.SpecException;
import org.shnn.engine.spec.SynapseSpec;
import org.shnn.engine.spec.Value;

/** Parameters, sources, currents, dynamics and recorders through the assembler; errors name element and field. */
class AssemblerTest {

    private static Map<String, Value> params(Object... kv) {
        Map<String, Value> m = new LinkedHashMap<>();
        for (int k = 0; k < kv.length; k += 2) {
            m.put((String) kv[k], (Value) kv[k + 1]);
        }
        return m;
    }

    private static NetworkSpec one(PopulationSpec p) {
        return new NetworkSpec("t", 0.1, 1, List.of(p), List.of());
    }

    private static SpecException fails(NetworkSpec spec) {
        return assertThrows(SpecException.class, () -> Assembler.network(spec));
    }

    /** A network with a Poisson source, STDP, homeostasis, a current source, a drive and recorders. */
    static NetworkSpec plastic(long seed) {
        PopulationSpec in = new PopulationSpec("in", 200, CellType.SPIKE_SOURCE_POISSON,
                params("rate", Value.of(new Distribution.Uniform(5, 25))));
        PopulationSpec exc = new PopulationSpec("exc", 300, CellType.IF_COND_EXP,
                params("tau_m", Value.of(20.0), "i_offset", Value.of(new Distribution.Uniform(0.0, 0.2))))
                .initialize("v", Value.of(new Distribution.Uniform(-65, -55)));
        ProjectionSpec stdp = new ProjectionSpec("in", "exc", "excitatory", new Connector.FixedProbability(0.1, true),
                Value.of(new Distribution.Uniform(0.001, 0.004)), Value.of(new Distribution.Uniform(0.1, 3.0)))
                .withSynapse(new SynapseSpec.Stdp(new SynapseSpec.SpikePair(20, 20, 0.01, 0.012),
                        SynapseSpec.WeightDependence.ADDITIVE, 0, 0.005));
        ProjectionSpec rec = new ProjectionSpec("exc", "exc", "inhibitory", new Connector.FixedNumberPre(10, false, false),
                Value.of(0.002), Value.of(1.0)).withHomeostasis(new HomeostasisSpec(5, 100, 0.01, 0.5, 2, 0, 0.01));
        return new NetworkSpec("plastic", 0.1, seed, List.of(in, exc), List.of(stdp, rec),
                List.of(new PoissonDriveSpec("exc", "excitatory", 50, 10, 0.0005)),
                List.of(new CurrentSourceSpec("pulse", "exc", new Selection.Range(0, 100),
                        new CurrentSourceSpec.Step(new double[] {10, 50}, new double[] {0.3, 0}))),
                List.of(new RecorderSpec("exc", List.of("spikes", "v", "gsyn_exc"), new Selection.Ids(new int[] {3, 7}),
                        0.5), new RecorderSpec("exc", List.of("spikes"), Selection.ALL, 0.1)));
    }

    @Test
    void theSameSpecGivesTheSameRasterForOneAndTwoThreads() {
        byte[][] sha = new byte[2][];
        for (int threads = 1; threads <= 2; threads++) {
            try (Simulation sim = Assembler.create(plastic(3), SimulationConfig.defaults().withThreads(threads))) {
                sim.run(200);
                assertTrue(sim.spikeCount() > 0, "the network spikes");
                assertEquals(2, sim.config().stateMonitors().size());
                sha[threads - 1] = sim.rasterSha256();
            }
        }
        assertArrayEquals(sha[0], sha[1]);
    }

    @Test
    void dynamicsAreAttachedInProjectionOrder() {
        try (Simulation sim = Assembler.create(plastic(3), SimulationConfig.defaults())) {
            assertTrue(sim.synapses(1).hasWeightArray(), "a plastic projection stores its equal weights per synapse");
            float[] before = weights(sim.synapses(0));
            sim.run(300);
            List<String> hooks = sim.stateSections().stream().map(s -> s.name())
                    .filter(n -> n.startsWith("plasticity/") || n.startsWith("homeostasis/")).toList();
            assertEquals(List.of("plasticity/projection/0/pre", "plasticity/projection/0/post",
                    "homeostasis/projection/1"), hooks);
            float[] after = weights(sim.synapses(0));
            int changed = 0;
            for (int k = 0; k < after.length; k++) {
                assertTrue(after[k] >= 0 && after[k] <= 5.0f, "STDP weight " + after[k] + " nS within [0, 5] nS");
                changed += after[k] != before[k] ? 1 : 0;
            }
            assertTrue(changed > 0, "STDP changed " + changed + " of " + after.length + " weights");
        }
    }

    private static float[] weights(org.shnn.engine.synapse.CsrMatrix m) {
        List<Float> w = new java.util.ArrayList<>();
        for (int r = 0; r < m.rows(); r++) {
            for (long e = m.rowStart(r); e < m.rowStart(r) + m.rowLength(r); e++) {
                w.add(m.weight(e));
            }
        }
        float[] out = new float[w.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = w.get(k);
        }
        return out;
    }

    @Test
    void parametersMapThroughFromPyNNAndEqualOnesShareAModel() {
        PopulationSpec a = new PopulationSpec("a", 5, CellType.IF_COND_EXP, params("cm", Value.of(0.25), "tau_m",
                Value.of(new double[] {10, 10, 10, 10, 10})));
        PopulationSpec b = new PopulationSpec("b", 3, CellType.IF_COND_EXP, params("tau_m", Value.of(10.0), "cm",
                Value.of(new Distribution.Uniform(0.25, 0.25))));
        Network n = Assembler.network(new NetworkSpec("t", 0.1, 1, List.of(a, b), List.of()));
        LifCobaModel m = (LifCobaModel) n.populations().get(0).model();
        assertEquals(250.0, m.params().cM());
        assertEquals(25.0, m.params().gL(), 1e-12);
        assertTrue(m == n.populations().get(1).model(), "one model for equal parameters");
    }

    @Test
    void everyNeuronCellTypeAssemblesWithPyNNsDefaultsAndItsStateVariables() {
        for (CellType c : CellType.values()) {
            if (c.isSource()) {
                continue;
            }
            PopulationSpec p = new PopulationSpec("a", 4, c, Map.of());
            if (c != CellType.LIF_Q16) {
                for (String v : c.recordables()) {
                    if (!v.equals("spikes")) {
                        p = p.initialize(v, Value.of(v.equals("v") ? -65.0 : 0.0));
                    }
                }
            }
            NetworkSpec spec = new NetworkSpec("t", 0.1, 1, List.of(p), List.of(), List.of(), List.of(),
                    List.of(new RecorderSpec("a", c.recordables(), Selection.ALL, 0.1)));
            try (Simulation sim = Assembler.create(spec, SimulationConfig.defaults())) {
                sim.run(1);
                assertEquals(c.recordables().size(), sim.config().stateMonitors().size(), c.pynnName());
            }
        }
    }

    @Test
    void heterogeneousIOffsetBecomesCurrentsPerRun() {
        PopulationSpec a = new PopulationSpec("a", 6, CellType.IF_CURR_EXP, params("i_offset",
                Value.of(0.1, 0.1, 0.0, 0.2, 0.2, 0.2)));
        Network n = Assembler.network(one(a));
        assertEquals(List.of(CurrentSource.range(0, 0, 2, new CurrentWaveform.Dc(100, 0, Double.POSITIVE_INFINITY)),
                CurrentSource.range(0, 3, 6, new CurrentWaveform.Dc(200, 0, Double.POSITIVE_INFINITY))), n.currents());
    }

    @Test
    void heterogeneousParametersGiveOneModelPerRunOfEqualValues() {
        Network n = Assembler.network(one(new PopulationSpec("a", 5, CellType.IF_COND_EXP,
                params("tau_m", Value.of(10, 10, 20, 10, 10)))));
        PiecewiseModel m = assertInstanceOf(PiecewiseModel.class, n.populations().get(0).model());
        assertSame(m.modelOf(0), m.modelOf(1));
        assertSame(m.modelOf(0), m.modelOf(3), "equal values share one model");
        assertNotSame(m.modelOf(1), m.modelOf(2));
        SpecException e = fails(one(new PopulationSpec("a", 3, CellType.IF_COND_EXP,
                params("tau_m", Value.of(10, -20, 30)))));
        assertEquals("population 'a'", e.element());
        assertTrue(e.getMessage().contains("neuron 1") && e.getMessage().contains("-20"), e.getMessage());
    }

    @Test
    void errorsNameTheElementAndFieldBeforeAnythingIsBuilt() {
        SpecException e = fails(one(new PopulationSpec("a", 3, CellType.IF_COND_EXP, params("tau_mem", Value.of(10.0)))));
        assertEquals("population 'a'", e.element());
        assertTrue(e.getMessage().contains("tau_mem"), e.getMessage());
        e = fails(one(new PopulationSpec("a", 3, CellType.HH_COND_EXP, params("tau_m", Value.of(10.0)))));
        assertEquals("parameters", e.field());
        e = fails(ConnectorTest.net(3, 4, new Connector.FromList(new ArrayRef.Inline(new double[] {0, 1}),
                new ArrayRef.Stored(Path.of("/nonexistent/post.npy"), null), null, null), Value.of(0.1), Value.of(0.1)));
        assertEquals("projection 'a->b'", e.element());
        assertTrue(e.field().startsWith("connector.post"), e.field());
        e = fails(ConnectorTest.net(3, 4, new Connector.FromList(new ArrayRef.Inline(new double[] {0, 1}),
                new ArrayRef.Lent(java.lang.foreign.Arena.global().allocateFrom(java.lang.foreign.ValueLayout.JAVA_INT, 1, 4),
                        org.shnn.codec.Dtype.INT32), null, null), Value.of(0.1), Value.of(0.1)));
        assertEquals("connector.post[1]", e.field());
        e = fails(ConnectorTest.net(3, 4, new Connector.AllToAll(true), Value.of(0.1),
                Value.of(new Distribution.Normal(1, 0.2))));
        assertEquals("delay", e.field());
        e = fails(ConnectorTest.net(3, 4, new Connector.DistanceDependentProbability("d <", true), Value.of(0.1),
                Value.of(0.1)));
        assertTrue(e.getMessage().contains("structure") || e.getMessage().contains("positions"), e.getMessage());
        e = fails(ConnectorTest.net(3, 4, new Connector.AllToAll(true), Value.of(0.1, 0.2, 0.3), Value.of(0.1)));
        assertEquals("weight", e.field());
        NetworkSpec tm = ConnectorTest.net(3, 4, new Connector.AllToAll(true), Value.of(0.1), Value.of(0.1));
        tm = new NetworkSpec("t", 0.1, 1, tm.populations(), List.of(tm.projections().get(0)
                .withSynapse(new SynapseSpec.TsodyksMarkram(0.5, 100, 0))
                .withHomeostasis(new HomeostasisSpec(5, 1000, 0.001, 0.1, 10, 0, 1))));
        e = fails(tm);
        assertEquals("homeostasis", e.field());
        e = fails(one(new PopulationSpec("s", 3, CellType.SPIKE_SOURCE_POISSON, params("rate", Value.of(20000.0)))));
        assertEquals("parameters.rate", e.field());
    }

    /**
     * A delay distribution is taken by what the generator can draw: an unbounded normal_clipped (NEST's and PyNN's
     * Potjans-Diesmann delays, low dt and no high) sizes the rings at mu + 8.57 sigma, the largest normal deviate,
     * and every drawn delay fits; one that can draw below dt is refused (it would be rounded up silently).
     */
    @Test
    void delayDistributionsAreBoundedByWhatTheGeneratorDraws() {
        Distribution pd14 = new Distribution.NormalClipped(1.5, 0.75, 0.1, Double.POSITIVE_INFINITY);
        Network net = Assembler.network(ConnectorTest.net(300, 200, new Connector.FixedTotalNumber(60_000, true, true),
                Value.of(0.001), Value.of(pd14)));
        assertEquals(Math.round((1.5 + 0.75 * Distributions.GAUSSIAN_MAX) / 0.1), net.maxDelaySteps());
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults())) {
            int max = 0;
            for (int steps : Synapses.table(s, 0).delays()) {
                max = Math.max(max, steps);
                assertTrue(steps >= 1, "delay " + steps + " steps");
            }
            assertTrue(max > 30 && max <= net.maxDelaySteps(), "largest drawn delay " + max + " steps");
        }
        for (Distribution below : List.of(new Distribution.Uniform(0.05, 1.0), new Distribution.Normal(1.0, 0.2),
                new Distribution.NormalClipped(1.5, 0.75, 0.0, 5.0))) {
            SpecException e = fails(ConnectorTest.net(3, 4, new Connector.AllToAll(true), Value.of(0.1),
                    Value.of(below)));
            assertEquals("delay", e.field());
            assertTrue(e.getMessage().contains("expected delays >= dt = 0.1 ms") && e.getMessage().contains("draws down"
                    + " to"), e.getMessage());
        }
        assertEquals(1.0 - 0.2 * Distributions.GAUSSIAN_MAX, Distributions.lowest(new Distribution.Normal(1.0, 0.2)));
    }

    @Test
    void tsodyksMarkramBecomesShortTermPlasticityWithTheTargetsTauSynAsTauPsc() {
        NetworkSpec net = ConnectorTest.net(3, 4, new Connector.AllToAll(true), Value.of(0.1), Value.of(0.1));
        PopulationSpec post = net.populations().get(1);
        var tauSynE = Value.of(2.5);
        PopulationSpec withTau = new PopulationSpec(post.label(), post.size(), post.cellType(),
                params("tau_syn_E", tauSynE), post.initialValues(), null);
        NetworkSpec tm = new NetworkSpec("t", 0.1, 1, List.of(net.populations().get(0), withTau), List.of(
                net.projections().get(0).withSynapse(new SynapseSpec.TsodyksMarkram(0.5, 100, 20))));
        Network n = Assembler.network(tm);
        assertEquals(new org.shnn.engine.network.TsodyksMarkram(0.5, 100, 20, 2.5), n.projections().get(0).shortTerm());
        assertEquals(null, Assembler.network(net).projections().get(0).shortTerm());
    }

    /** a -> b (4 neurons, tau_syn_E 1.2, 1.2, 6.7, 6.7 ms), Tsodyks-Markram, the given connector. */
    private static NetworkSpec tsodyksOntoMixedTau(Connector c) {
        PopulationSpec a = new PopulationSpec("a", 2, CellType.SPIKE_SOURCE_ARRAY, Map.of());
        PopulationSpec b = new PopulationSpec("b", 4, CellType.IF_COND_EXP, params("tau_syn_E",
                Value.of(1.2, 1.2, 6.7, 6.7)));
        return new NetworkSpec("t", 0.1, 1, List.of(a, b), List.of(new ProjectionSpec("a", "b", "excitatory", c,
                Value.of(0.01), Value.of(0.5)).withSynapse(new SynapseSpec.TsodyksMarkram(0.5, 800, 0))));
    }

    private static Connector listed(double[] pre, double[] post) {
        return new Connector.FromList(new ArrayRef.Inline(pre), new ArrayRef.Inline(post), null, null);
    }

    @Test
    void tsodyksMarkramOntoTargetsOfDifferentTauSynTakesTheValueItsListedTargetsShare() {
        var late = Assembler.network(tsodyksOntoMixedTau(listed(new double[] {0, 1, 0}, new double[] {2, 3, 3})));
        assertEquals(new org.shnn.engine.network.TsodyksMarkram(0.5, 800, 0, 6.7), late.projections().get(0).shortTerm());
        var early = Assembler.network(tsodyksOntoMixedTau(listed(new double[] {1, 0}, new double[] {1, 0})));
        assertEquals(new org.shnn.engine.network.TsodyksMarkram(0.5, 800, 0, 1.2), early.projections().get(0).shortTerm());
        assertTrue(Assembler.network(tsodyksOntoMixedTau(listed(new double[0], new double[0]))).projections().get(0)
                .shortTerm() != null, "no synapse: any tau_psc, no error");
        SpecException mixed = fails(tsodyksOntoMixedTau(listed(new double[] {0, 1}, new double[] {1, 2})));
        assertEquals("projection 'a->b'", mixed.element());
        assertEquals("synapse", mixed.field());
        assertTrue(mixed.getMessage().contains("1.2") && mixed.getMessage().contains("6.7"), mixed.getMessage());
        SpecException all = fails(tsodyksOntoMixedTau(new Connector.AllToAll(true)));
        assertEquals("synapse", all.field());
        assertTrue(all.getMessage().contains("1.2") && all.getMessage().contains("6.7"), all.getMessage());
    }

    @Test
    void poissonStartAndDurationBoundTheSpikes() {
        NetworkSpec s = one(new PopulationSpec("s", 50, CellType.SPIKE_SOURCE_POISSON,
                params("rate", Value.of(500.0), "start", Value.of(10.0), "duration", Value.of(5.0))));
        try (Simulation sim = Assembler.create(s, SimulationConfig.defaults())) {
            sim.run(30);
            var r = sim.spikes();
            assertTrue(r.count() > 10, "500 Hz x 50 neurons x 5 ms: " + r.count() + " spikes");
            for (long k = 0; k < r.count(); k++) {
                assertTrue(r.step(k) >= 100 && r.step(k) < 150, "spike at step " + r.step(k) + " outside [100, 150)");
            }
        }
    }

    @Test
    void spikeSourcesBecomeGenerators() {
        Network n = Assembler.network(one(new PopulationSpec("s", 3, CellType.SPIKE_SOURCE_POISSON,
                params("rate", Value.of(5, 6, 7)))));
        assertEquals(new PoissonGenerator(new double[] {5, 6, 7}), n.populations().get(0).generator());
        Network t = Assembler.network(one(new PopulationSpec("s", 2, CellType.SPIKE_SOURCE_ARRAY,
                params("spike_times", new Value.Sequences(List.of(new double[] {1.0, 2.0}, new double[] {0.5}))))));
        var g = (org.shnn.engine.input.SpikeTimesGenerator) t.populations().get(0).generator();
        assertArrayEquals(new long[] {5, 10, 20}, g.steps());
        assertArrayEquals(new int[] {1, 0, 0}, g.neurons());
    }

    @Test
    void recordersBecomeStateMonitorsInTheEnginesColumns() {
        SimulationConfig c = Assembler.withRecorders(plastic(1), SimulationConfig.defaults());
        assertEquals("v", c.stateMonitors().get(0).column());
        assertEquals("g_exc", c.stateMonitors().get(1).column());
        assertEquals(5, c.stateMonitors().get(0).intervalSteps());
        assertArrayEquals(new int[] {3, 7}, c.stateMonitors().get(0).neurons());
        assertEquals(List.of(new SpikeMonitorSpec("exc", new int[] {3, 7}), SpikeMonitorSpec.all("exc")),
                c.spikeMonitors());
    }
}
