package org.shnn.engine.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The presets hold Pfister & Gerstner 2006, Table 4, value for value; a network file can name them. */
class TripletPresetTest {

    /** {nearest, tau_x, tau_y, A2+, A3+, A2-, A3-}, typed from the paper's Table 4 (tau_x of a minimal model: the full one's). */
    private static final Object[][] TABLE_4 = {
        {TripletPreset.VISUAL_CORTEX_ALL_TO_ALL_MINIMAL, false, 101.0, 114.0, 0.0, 6.5e-3, 7.1e-3, 0.0},
        {TripletPreset.VISUAL_CORTEX_ALL_TO_ALL_FULL, false, 101.0, 125.0, 5e-10, 6.2e-3, 7e-3, 2.3e-4},
        {TripletPreset.VISUAL_CORTEX_NEAREST_MINIMAL, true, 714.0, 40.0, 0.0, 5e-2, 8e-3, 0.0},
        {TripletPreset.VISUAL_CORTEX_NEAREST_FULL, true, 714.0, 40.0, 8.8e-11, 5.3e-2, 6.6e-3, 3.1e-3},
        {TripletPreset.HIPPOCAMPAL_ALL_TO_ALL_MINIMAL, false, 946.0, 40.0, 5.3e-3, 8e-3, 3.5e-3, 0.0},
        {TripletPreset.HIPPOCAMPAL_ALL_TO_ALL_FULL, false, 946.0, 27.0, 6.1e-3, 6.7e-3, 1.6e-3, 1.4e-3},
        {TripletPreset.HIPPOCAMPAL_NEAREST_MINIMAL, true, 575.0, 48.0, 4.6e-3, 9.1e-3, 3e-3, 0.0},
        {TripletPreset.HIPPOCAMPAL_NEAREST_FULL, true, 575.0, 47.0, 4.6e-3, 9.1e-3, 3e-3, 7.5e-9},
    };

    @Test
    void everyPresetHoldsItsRowOfTable4() {
        assertEquals(TripletPreset.values().length, TABLE_4.length);
        for (Object[] row : TABLE_4) {
            TripletPreset p = (TripletPreset) row[0];
            SynapseSpec.Triplet t = p.rule();
            String at = p.fileName();
            assertEquals(16.8, t.tauPlus(), at);
            assertEquals(33.7, t.tauMinus(), at);
            assertEquals(row[1], t.nearestSpike(), at);
            assertEquals((double) row[2], t.tauX(), at);
            assertEquals((double) row[3], t.tauY(), at);
            assertEquals((double) row[4], t.a2Plus(), at);
            assertEquals((double) row[5], t.a3Plus(), at);
            assertEquals((double) row[6], t.a2Minus(), at);
            assertEquals((double) row[7], t.a3Minus(), at);
            assertEquals(p.name().contains("MINIMAL"), t.a3Minus() == 0, at + ": minimal means A3- = 0");
            assertEquals(p.name().contains("NEAREST"), t.nearestSpike(), at);
        }
    }

    private static String network(String timing) {
        return """
                {"format": "shnn-network/1", "name": "n", "dt": 0.1, "seed": 1,
                 "populations": [{"label": "a", "size": 2, "cell_type": "IF_curr_exp"}],
                 "projections": [{"pre": "a", "post": "a", "connector": {"type": "AllToAllConnector"},
                   "weight": 0.1, "delay": 1.0,
                   "synapse_type": {"type": "STDPMechanism", "timing_dependence": %s,
                     "weight_dependence": {"type": "MultiplicativeWeightDependence", "w_min": 0, "w_max": 1}}}]}
                """.formatted(timing);
    }

    @Test
    void aNetworkFileNamesAPresetAndWritesItsValuesBack() {
        for (TripletPreset p : TripletPreset.values()) {
            NetworkSpec spec = SpecJson.parse(network("{\"type\": \"TripletRule\", \"preset\": \"" + p.fileName() + "\"}"),
                    "net.json", null);
            SynapseSpec.Stdp stdp = (SynapseSpec.Stdp) spec.projections().get(0).synapse();
            assertEquals(p.rule(), stdp.timing());
            assertEquals(spec, SpecJson.parse(SpecJson.write(spec), "again.json", null), "written explicitly, read equal");
        }
    }

    @Test
    void anUnknownPresetOrAPresetWithValuesIsRefusedByPlace() {
        SpecException e = assertThrows(SpecException.class, () -> SpecJson.parse(
                network("{\"type\": \"TripletRule\", \"preset\": \"visual_cortex\"}"), "net.json", null));
        assertTrue(e.getMessage().contains("projections[0].synapse_type.timing_dependence.preset"), e.getMessage());
        assertTrue(e.getMessage().contains("hippocampal_nearest_full"), e.getMessage());
        SpecException mixed = assertThrows(SpecException.class, () -> SpecJson.parse(network(
                "{\"type\": \"TripletRule\", \"preset\": \"hippocampal_nearest_full\", \"tau_y\": 10}"), "net.json", null));
        assertTrue(mixed.getMessage().contains("tau_y"), mixed.getMessage());
    }
}
