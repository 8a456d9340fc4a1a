package org.shnn.engine.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkSpecTest {

    private static PopulationSpec pop(String label, int size, CellType type) {
        return new PopulationSpec(label, size, type, Map.of());
    }

    private static NetworkSpec net(List<PopulationSpec> pops, List<ProjectionSpec> projs) {
        return new NetworkSpec("t", 0.1, 1, pops, projs);
    }

    private static ProjectionSpec proj(String pre, String post, Connector c, Value delay) {
        return new ProjectionSpec(pre, post, "excitatory", c, Value.of(0.01), delay);
    }

    private static SpecException fails(NetworkSpec n) {
        return assertThrows(SpecException.class, n::validate);
    }

    @Test
    void aConsistentNetworkValidates() {
        NetworkSpec n = net(List.of(pop("a", 10, CellType.IF_COND_EXP), pop("in", 5, CellType.SPIKE_SOURCE_POISSON)),
                List.of(proj("in", "a", new Connector.FixedProbability(0.5, true), Value.of(0.1))));
        assertEquals(n, n.validate());
        assertEquals(15, n.neuronCount());
    }

    @Test
    void unknownPopulationIsNamedWithTheChoices() {
        SpecException e = fails(net(List.of(pop("a", 10, CellType.IF_COND_EXP)),
                List.of(proj("b", "a", new Connector.OneToOne(), Value.of(0.1)))));
        assertEquals("projection 'b->a'", e.element());
        assertEquals("pre", e.field());
        assertEquals("projection 'b->a': pre: expected the label of a population (a) but found 'b'", e.getMessage());
    }

    @Test
    void synapsesOntoASpikeSourceAreRefused() {
        SpecException e = fails(net(List.of(pop("a", 10, CellType.IF_COND_EXP), pop("s", 10, CellType.SPIKE_SOURCE_ARRAY)),
                List.of(proj("a", "s", new Connector.OneToOne(), Value.of(0.1)))));
        assertEquals("post", e.field());
    }

    @Test
    void delayBelowDtIsRefused() {
        SpecException e = fails(net(List.of(pop("a", 10, CellType.IF_COND_EXP)),
                List.of(proj("a", "a", new Connector.AllToAll(false), Value.of(0.05)))));
        assertEquals("projection 'a->a': delay: expected a delay >= dt = 0.1 ms but found 0.05 ms", e.getMessage());
    }

    @Test
    void sizesMustAgree() {
        assertEquals("connector", fails(net(List.of(pop("a", 10, CellType.IF_COND_EXP), pop("b", 9, CellType.IF_COND_EXP)),
                List.of(proj("a", "b", new Connector.OneToOne(), Value.of(0.1))))).field());
        assertEquals("connector.n", fails(net(List.of(pop("a", 10, CellType.IF_COND_EXP)),
                List.of(proj("a", "a", new Connector.FixedNumberPre(11, true, false), Value.of(0.1))))).field());
        PopulationSpec arrays = new PopulationSpec("a", 3, CellType.IF_COND_EXP, Map.of("tau_m", Value.of(10, 20)));
        assertEquals("parameters.tau_m", fails(net(List.of(arrays), List.of())).field());
    }

    @Test
    void explicitIndicesOutOfRangeAreNamed() {
        Connector list = new Connector.FromList(new ArrayRef.Inline(new double[] {0, 1}), new ArrayRef.Inline(new double[] {2, 10}),
                null, null);
        SpecException e = fails(net(List.of(pop("a", 10, CellType.IF_COND_EXP)), List.of(proj("a", "a", list, Value.of(0.1)))));
        assertEquals("connector.post[1]", e.field());
        assertThrows(SpecException.class, () -> new Connector.FromList(new ArrayRef.Inline(new double[] {0}),
                new ArrayRef.Inline(new double[] {1, 2}), null, null));
    }

    @Test
    void duplicateLabelsAndUnknownVariablesAreRefused() {
        assertEquals("populations", fails(net(List.of(pop("a", 1, CellType.IF_COND_EXP), pop("a", 1, CellType.IF_COND_EXP)),
                List.of())).field());
        NetworkSpec rec = net(List.of(pop("a", 2, CellType.IF_CURR_EXP)), List.of())
                .withRecorders(List.of(new RecorderSpec("a", List.of("spikes", "gsyn_exc"), Selection.ALL, 0.1)));
        SpecException e = fails(rec);
        assertEquals("variables", e.field());
        assertEquals(CellType.IF_CURR_EXP, CellType.byName("x", "IF_curr_exp"));
        SpecException typo = assertThrows(SpecException.class, () -> CellType.byName("population 'a'", "if_curr_exp"));
        assertEquals(true, typo.getMessage().endsWith("(did you mean IF_curr_exp?)"));
    }

    @Test
    void recordsCheckTheirOwnFields() {
        assertThrows(SpecException.class, () -> new Distribution.Normal(0, -1));
        assertThrows(SpecException.class, () -> new Connector.FixedProbability(1.5, true));
        assertThrows(SpecException.class, () -> new PopulationSpec("a", 0, CellType.IF_COND_EXP, Map.of()));
        assertThrows(SpecException.class, () -> new CurrentSourceSpec.Step(new double[] {1, 1}, new double[] {0, 0}));
        assertThrows(SpecException.class, () -> new Selection.Ids(new int[] {1, 1}));
        assertThrows(SpecException.class, () -> Value.of(Double.NaN));
        assertThrows(SpecException.class, () -> new Structure.Random("sphere", 10, 1, 0, 0, 0, 0));
        assertEquals(10, new Structure.Random("sphere", 10, 0, 0, 0, 0, 0).width());
    }
}
