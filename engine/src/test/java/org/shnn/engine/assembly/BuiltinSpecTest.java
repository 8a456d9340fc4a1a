package org.shnn.engine.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.shnn.engine.network.BrunelRegime;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.InitialValue;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.neuron.LifCobaModel;
import org.shnn.engine.neuron.LifCobaParams;
import org.shnn.engine.neuron.LifCubaModel;
import org.shnn.engine.neuron.LifCubaParams;
import org.shnn.engine.neuron.LifDeltaModel;
import org.shnn.engine.neuron.LifDeltaParams;
import org.shnn.engine.neuron.NeuronModel;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * The built-in networks written as descriptions and assembled equal the networks as they were built in code before
 * (the builders below are that code, kept as the reference), field by field, so their rasters cannot change; and
 * the assembled networks give the same raster as the reference for 1 and 2 threads.
 */
class BuiltinSpecTest {

    @Test
    void cobaEqualsTheHandBuiltNetwork() {
        for (int n : new int[] {5, 400, 4000}) {
            assertSameNetwork(handCoba(n, 7, 0.1), BuiltinNetworks.coba(n, 7));
        }
        assertSameNetwork(handCoba(1000, 3, 0.05), BuiltinNetworks.coba(1000, 3, 0.05));
    }

    @Test
    void cubaEqualsTheHandBuiltNetwork() {
        for (int n : new int[] {5, 400, 4000}) {
            assertSameNetwork(handCuba(n, 7, 0.1), BuiltinNetworks.cuba(n, 7));
        }
    }

    @Test
    void brunelEqualsTheHandBuiltNetwork() {
        for (BrunelRegime r : BrunelRegime.values()) {
            assertSameNetwork(handBrunel(12_500, 1000, 5, r, 0.1), BuiltinNetworks.brunel(12_500, 5, r));
        }
        assertSameNetwork(handBrunel(5000, 1000, 1, BrunelRegime.AI, 0.1),
                BuiltinNetworks.brunel(5000, 1000, 1, BrunelRegime.AI, 0.1));
    }

    @Test
    void assembledNetworksRememberTheirDescription() {
        Network n = BuiltinNetworks.coba(400, 9);
        assertEquals(BuiltinNetworks.cobaSpec(400, 9, 0.1), n.spec());
        assertEquals(9, n.withSeed(11).withSeed(9).spec().seed());
        assertEquals(11, n.withSeed(11).spec().seed());
        assertNull(handCoba(400, 9, 0.1).spec());
    }

    @Test
    void rastersEqualTheHandBuiltNetworksForOneAndTwoThreads() {
        byte[] ref = raster(handCoba(800, 3, 0.1), 1, 100);
        for (int threads : new int[] {1, 2}) {
            assertArrayEquals(ref, raster(BuiltinNetworks.coba(800, 3), threads, 100), "COBA threads " + threads);
        }
        byte[] brunel = raster(handBrunel(1000, 80, 3, BrunelRegime.AI, 0.1), 1, 100);
        for (int threads : new int[] {1, 2}) {
            assertArrayEquals(brunel, raster(BuiltinNetworks.brunel(1000, 80, 3, BrunelRegime.AI, 0.1), threads, 100),
                    "Brunel threads " + threads);
        }
    }

    static byte[] raster(Network n, int threads, double ms) {
        try (Simulation sim = Simulation.create(n, SimulationConfig.defaults().withThreads(threads))) {
            sim.run(ms);
            return sim.rasterSha256();
        }
    }

    static void assertSameNetwork(Network expected, Network actual) {
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.dt(), actual.dt());
        assertEquals(expected.seed(), actual.seed());
        assertEquals(expected.populations().size(), actual.populations().size());
        for (int i = 0; i < expected.populations().size(); i++) {
            Population e = expected.populations().get(i);
            Population a = actual.populations().get(i);
            assertEquals(e.name(), a.name());
            assertEquals(e.index(), a.index());
            assertEquals(e.firstId(), a.firstId());
            assertEquals(e.count(), a.count());
            assertEquals(e.generator(), a.generator());
            assertEquals(e.initialValues(), a.initialValues(), e.name());
            assertSameModel(e.model(), a.model());
        }
        assertSame(actual.populations().get(0).model(), actual.populations().get(1).model(), "one shared model");
        assertEquals(expected.projections(), actual.projections());
        assertEquals(expected.poissonInputs(), actual.poissonInputs());
        assertEquals(expected.currents(), actual.currents());
        assertNotNull(actual.spec());
    }

    private static void assertSameModel(NeuronModel e, NeuronModel a) {
        assertEquals(e.getClass(), a.getClass());
        assertEquals(e.dt(), a.dt());
        // records of doubles: equal means bit-equal fields (Double.compare)
        assertEquals(params(e), params(a));
    }

    private static Object params(NeuronModel m) {
        return switch (m) {
            case LifCobaModel c -> c.params();
            case LifCubaModel c -> c.params();
            case LifDeltaModel d -> d.params();
            default -> throw new AssertionError(m);
        };
    }

    // The networks as BuiltinNetworks built them in code before they became descriptions.

    static Network handCoba(int neurons, long seed, double dt) {
        LifCobaModel model = new LifCobaModel(LifCobaParams.brian2Coba().withIE(200.0), dt);
        return handVogelsAbbott("coba", model, neurons, seed, dt, 6.0, 67.0, new InitialValue.Normal(-55.0, 5.0));
    }

    static Network handCuba(int neurons, long seed, double dt) {
        double cOverTau = 200.0 / 20.0;
        LifCubaParams p = new LifCubaParams(200.0, 20.0, -49.0, -50.0, -60.0, 5.0, 5.0, 10.0, 0.0);
        return handVogelsAbbott("cuba", new LifCubaModel(p, dt), neurons, seed, dt, 60 * 0.27 / 10 * cOverTau,
                -20 * 4.5 / 10 * cOverTau, new InitialValue.Uniform(-60.0, -50.0));
    }

    private static Network handVogelsAbbott(String name, NeuronModel model, int neurons, long seed, double dt, double we,
            double wi, InitialValue v0) {
        int ne = (int) Math.round(neurons * 0.8);
        int ni = neurons - ne;
        double p = Math.min(1.0, 80.0 / neurons);
        NetworkBuilder b = new NetworkBuilder(name, dt, seed);
        Population exc = b.population("exc", model, ne);
        Population inh = b.population("inh", model, ni);
        for (Population pop : new Population[] {exc, inh}) {
            b.initialize(pop, "v", v0);
        }
        Connectivity conn = Connectivity.fixedProbability(p);
        DelayRule delay = DelayRule.constant(1);
        b.connect(exc, exc, 0, conn, WeightRule.constant(we), delay);
        b.connect(exc, inh, 0, conn, WeightRule.constant(we), delay);
        b.connect(inh, exc, 1, conn, WeightRule.constant(wi), delay);
        b.connect(inh, inh, 1, conn, WeightRule.constant(wi), delay);
        return b.build();
    }

    static Network handBrunel(int neurons, int ce, long seed, BrunelRegime regime, double dt) {
        int ne = (int) Math.round(neurons * 0.8);
        int ni = neurons - ne;
        int ci = Math.min(ni, ce / 4);
        LifDeltaParams p = LifDeltaParams.brunel2000();
        double j = 0.1;
        LifDeltaModel model = new LifDeltaModel(p, dt);
        NetworkBuilder b = new NetworkBuilder("brunel-" + regime.name().toLowerCase(java.util.Locale.ROOT), dt, seed);
        Population exc = b.population("exc", model, ne);
        Population inh = b.population("inh", model, ni);
        DelayRule delay = DelayRule.constantMs(1.5, dt);
        for (Population target : new Population[] {exc, inh}) {
            b.initialize(target, "v", new InitialValue.Uniform(p.eL(), p.vTh()));
        }
        for (Population target : new Population[] {exc, inh}) {
            b.connect(exc, target, 0, Connectivity.fixedInDegree(ce), WeightRule.constant(j), delay);
        }
        for (Population target : new Population[] {exc, inh}) {
            b.connect(inh, target, 1, Connectivity.fixedInDegree(ci), WeightRule.constant(-regime.g() * j), delay);
        }
        double nuThrHz = p.vTh() / (j * ce * p.tauM()) * 1e3;
        for (Population target : new Population[] {exc, inh}) {
            b.poissonInput(target, 0, ce, regime.eta() * nuThrHz, j);
        }
        return b.build();
    }
}
