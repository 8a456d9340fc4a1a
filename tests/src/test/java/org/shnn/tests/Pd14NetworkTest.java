package org.shnn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.spec.Connector;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.PoissonDriveSpec;
import org.shnn.engine.spec.PopulationSpec;
import org.shnn.engine.spec.ProjectionSpec;
import org.shnn.engine.spec.SpecJson;

/**
 * {@code examples/networks/pd14.json}, the Potjans-Diesmann microcircuit: the file is the full-scale model as
 * published (77,169 neurons in the paper's 8 populations, 3.0e8 synapses drawn with replacement, a background drive
 * per population), and a 1/40 copy of it (same in-degrees) builds, fires in every population and gives the same
 * raster on 1 and 2 threads. Its rates against NEST's at full scale are a benchmark ({@code scripts/bench --pd14},
 * about 3 GB and 2 minutes), not a test.
 */
class Pd14NetworkTest {

    static final Path FILE = Path.of("..", "examples", "networks", "pd14.json");

    @Test
    void theFileIsTheFullScaleModel() throws Exception {
        NetworkSpec spec = SpecJson.read(FILE);
        assertEquals(List.of("L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"),
                spec.populations().stream().map(PopulationSpec::label).toList());
        // Potjans & Diesmann 2014, Table 5: the populations of 1 mm^2 of cortex
        assertEquals(List.of(20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948),
                spec.populations().stream().map(PopulationSpec::size).toList());
        long synapses = 0;
        for (ProjectionSpec p : spec.projections()) {
            Connector.FixedTotalNumber c = (Connector.FixedTotalNumber) p.connector();
            assertTrue(c.withReplacement() && c.allowSelfConnections(), p.label());
            assertEquals(p.pre().endsWith("E") ? "excitatory" : "inhibitory", p.receptor(), p.label());
            synapses += c.n();
        }
        assertEquals(55, spec.projections().size(), "the pairs of non-zero connection probability");
        assertEquals(298_880_968L, synapses);
        assertEquals(List.of(1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100),
                spec.poissonDrives().stream().map(PoissonDriveSpec::sources).toList());
    }

    /** The file with population sizes and synapse counts divided by {@code divisor} (in-degrees kept). */
    private static NetworkSpec scaled(NetworkSpec spec, int divisor) {
        List<PopulationSpec> pops = new ArrayList<>();
        for (PopulationSpec p : spec.populations()) {
            pops.add(new PopulationSpec(p.label(), p.size() / divisor, p.cellType(), p.parameters(), p.initialValues(),
                    p.structure()));
        }
        List<ProjectionSpec> projs = new ArrayList<>();
        for (ProjectionSpec p : spec.projections()) {
            Connector.FixedTotalNumber c = (Connector.FixedTotalNumber) p.connector();
            projs.add(new ProjectionSpec(p.label(), p.pre(), p.post(), p.receptor(), new Connector.FixedTotalNumber(
                    Math.round((double) c.n() / divisor), true, true), p.weight(), p.delay(), p.synapse(),
                    p.homeostasis()));
        }
        return new NetworkSpec(spec.name() + "-1/" + divisor, spec.dt(), spec.seed(), pops, projs, spec.poissonDrives(),
                List.of(), List.of());
    }

    @Test
    void aScaledCopyFiresInEveryPopulationAndIsTheSameOnOneAndTwoThreads() throws Exception {
        NetworkSpec small = scaled(SpecJson.read(FILE), 40);
        byte[][] rasters = new byte[2][];
        for (int threads = 1; threads <= 2; threads++) {
            try (Simulation sim = Assembler.create(small, SimulationConfig.defaults().withThreads(threads))) {
                sim.run(300);
                long[] spikes = sim.populationSpikeCounts();
                for (int p = 0; p < spikes.length; p++) {
                    assertTrue(spikes[p] > 0, small.populations().get(p).label() + " fired no spike");
                }
                rasters[threads - 1] = sim.rasterSha256();
            }
        }
        assertArrayEquals(rasters[0], rasters[1]);
    }
}
