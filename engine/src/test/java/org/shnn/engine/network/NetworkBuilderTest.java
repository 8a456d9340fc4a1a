package org.shnn.engine.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.input.PoissonGenerator;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.input.CurrentSource;
import org.shnn.engine.neuron.LifCubaModel;
import org.shnn.engine.neuron.LifCubaParams;

class NetworkBuilderTest {

    private static final LifCubaModel MODEL = new LifCubaModel(LifCubaParams.defaults(), 0.1);

    @Test
    void assignsContiguousIdsAndKeepsOrder() {
        NetworkBuilder b = new NetworkBuilder("n", 0.1, 1);
        Population a = b.population("a", MODEL, 10);
        Population g = b.generator("g", PoissonGenerator.uniform(5, 10), 5);
        Population c = b.population("c", MODEL, 7);
        assertEquals(0, a.firstId());
        assertEquals(10, g.firstId());
        assertEquals(15, c.firstId());
        b.connect(g, c, 1, Connectivity.fixedInDegree(2), WeightRule.constant(-1), DelayRule.uniformSteps(1, 12));
        b.initialize(a, "v", new InitialValue.Constant(-60));
        Network n = b.build();
        assertEquals(22, n.neuronCount());
        assertEquals(12, n.maxDelaySteps());
        assertEquals(1, n.population("a").initialValues().size());
        assertThrows(IllegalArgumentException.class, () -> n.population("zz"));
        assertEquals(5, n.withSeed(5).seed());
    }

    @Test
    void rejectsBadDefinitionsWithClearMessages() {
        NetworkBuilder b = new NetworkBuilder("n", 0.1, 1);
        Population a = b.population("a", MODEL, 10);
        Population g = b.generator("g", new SpikeTimesGenerator(new long[] {1}, new int[] {0}), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.population("a", MODEL, 3));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.population("z", MODEL, 0));
        assertThrows(IllegalArgumentException.class, () -> b.population("dt", new LifCubaModel(LifCubaParams.defaults(), 0.05), 3));
        e = assertThrows(IllegalArgumentException.class, () -> b.connect(a, a, 2, Connectivity.allToAll(),
                WeightRule.constant(1), DelayRule.constant(1)));
        assertTrue(e.getMessage().contains("receptor 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.connect(a, g, 0, Connectivity.allToAll(), WeightRule.constant(1),
                DelayRule.constant(1)));
        assertThrows(IllegalArgumentException.class, () -> b.connect(g, a, 0, Connectivity.oneToOne(), WeightRule.constant(1),
                DelayRule.constant(1)));
        assertThrows(IllegalArgumentException.class, () -> b.connect(a, a, 0,
                Connectivity.explicit(new int[] {0}, new int[] {10}, null, null), WeightRule.constant(1), DelayRule.constant(1)));
        assertThrows(IllegalArgumentException.class, () -> b.connect(a, a, 0, new Connectivity.FixedInDegree(11, false),
                WeightRule.constant(1), DelayRule.constant(1)));
        assertThrows(IllegalArgumentException.class, () -> b.generator("p", PoissonGenerator.uniform(3, 20_000), 3));
        assertThrows(IllegalArgumentException.class, () -> b.generator("t",
                new SpikeTimesGenerator(new long[] {1}, new int[] {4}), 3));
        assertThrows(IllegalArgumentException.class, () -> b.initialize(g, "v", new InitialValue.Constant(0)));
        assertThrows(IllegalArgumentException.class, () -> b.current(CurrentSource.constant(0, 11, 1)));
        assertThrows(IllegalArgumentException.class, () -> b.poissonInput(g, 0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new NetworkBuilder("x", 0, 1));
        assertThrows(IllegalStateException.class, () -> new NetworkBuilder("x", 0.1, 1).build());
    }

    @Test
    void rulesValidateTheirParameters() {
        assertThrows(IllegalArgumentException.class, () -> Connectivity.fixedProbability(1.5));
        assertThrows(IllegalArgumentException.class, () -> Connectivity.fixedInDegree(-1));
        assertThrows(IllegalArgumentException.class, () -> Connectivity.explicit(new int[] {1}, new int[0], null, null));
        assertThrows(IllegalArgumentException.class, () -> Connectivity.explicit(new int[] {1}, new int[] {1}, null,
                new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> DelayRule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> DelayRule.uniformSteps(5, 2));
        assertEquals(15, ((DelayRule.Constant) DelayRule.constantMs(1.5, 0.1)).steps());
        assertEquals(1, ((DelayRule.Constant) DelayRule.constantMs(0, 0.1)).steps());
        assertEquals(32767, ((DelayRule.Constant) DelayRule.constantMs(3276.7, 0.1)).steps());
        // 1e10 steps: was cast to int first and named as "delay 1410065408 steps"
        var far = assertThrows(IllegalArgumentException.class, () -> DelayRule.constantMs(1e9, 0.1));
        assertEquals("delay 1.0E9 ms is 10000000000 steps of dt = 0.1 ms; at most 32767 steps (3276.7 ms) fit a delay"
                + " ring", far.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WeightRule.constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> WeightRule.uniform(2, 1));
        assertThrows(IllegalArgumentException.class, () -> WeightRule.normal(0, -1));
    }

    @Test
    void builtinsHaveTheBenchmarkShape() {
        Network coba = BuiltinNetworks.coba(4000, 1);
        assertEquals(3200, coba.population("exc").count());
        assertEquals(800, coba.population("inh").count());
        assertEquals(4, coba.projections().size());
        assertEquals(0.02, ((Connectivity.FixedProbability) coba.projections().get(0).connectivity()).p(), 1e-12);
        assertEquals(6.0f, ((WeightRule.Constant) coba.projections().get(0).weight()).value());
        assertEquals(67.0f, ((WeightRule.Constant) coba.projections().get(3).weight()).value());
        Network cuba = BuiltinNetworks.cuba(40_000, 1);
        assertEquals(0.002, ((Connectivity.FixedProbability) cuba.projections().get(0).connectivity()).p(), 1e-12);
        assertEquals(16.2f, ((WeightRule.Constant) cuba.projections().get(0).weight()).value(), 1e-5);
        assertEquals(-90f, ((WeightRule.Constant) cuba.projections().get(2).weight()).value(), 1e-4);
        Network brunel = BuiltinNetworks.brunel(12_500, 1, BrunelRegime.AI);
        assertEquals(1000, ((Connectivity.FixedInDegree) brunel.projections().get(0).connectivity()).k());
        assertEquals(250, ((Connectivity.FixedInDegree) brunel.projections().get(2).connectivity()).k());
        assertEquals(15, brunel.maxDelaySteps());
        // delta synapses: J = 0.1 mV, J_I = -g J = -0.5 mV
        assertEquals(0.1f, ((WeightRule.Constant) brunel.projections().get(0).weight()).value());
        assertEquals(-0.5f, ((WeightRule.Constant) brunel.projections().get(2).weight()).value());
        assertEquals("lif_delta", brunel.populations().get(0).model().name());
        // nu_thr = 10 Hz, eta = 2, 1000 trains of weight J
        assertEquals(20.0, brunel.poissonInputs().get(0).rateHz(), 1e-9);
        assertEquals(1000, brunel.poissonInputs().get(0).sources());
        assertEquals(0.1f, brunel.poissonInputs().get(0).weight());
        // smaller networks keep epsilon = 0.1 (C_E = 0.1 N_E), or take an explicit C_E
        Network small = BuiltinNetworks.brunel(5000, 1, BrunelRegime.AI);
        assertEquals(400, ((Connectivity.FixedInDegree) small.projections().get(0).connectivity()).k());
        assertEquals(100, ((Connectivity.FixedInDegree) small.projections().get(2).connectivity()).k());
        assertEquals(50.0, small.poissonInputs().get(0).rateHz(), 1e-9); // nu_thr = 25 Hz at C_E = 400
        Network dense = BuiltinNetworks.brunel(5000, 1000, 1, BrunelRegime.AI, 0.1);
        assertEquals(250, ((Connectivity.FixedInDegree) dense.projections().get(2).connectivity()).k());
        assertThrows(IllegalArgumentException.class, () -> BuiltinNetworks.brunel(5000, 4001, 1, BrunelRegime.AI, 0.1));
        assertEquals(BrunelRegime.SI_SLOW, BrunelRegime.parse("si-slow"));
        assertThrows(IllegalArgumentException.class, () -> BrunelRegime.parse("fast"));
        assertThrows(IllegalArgumentException.class, () -> BuiltinNetworks.coba(1, 1));
    }
}
