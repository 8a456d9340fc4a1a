package org.shnn.bench.propagation;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The COBA-sized delivery benchmark: the contenders agree, and an operation adds about 85 x 80 synapses. */
class DeliveryBenchmarkTest {

    /** Sum of the weights two spike sets deliver: 2 x 85 rows x 80 synapses (mean) x the weight. */
    private static final double TWO_SETS = 2.0 * DeliveryBenchmark.SPIKES * DeliveryBenchmark.DENSITY
            * DeliveryBenchmark.N * DeliveryBenchmark.WEIGHT;

    private static double sum(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 32})
    void contendersAgreeAndDeliverEveryRow(int batch) {
        DeliveryBenchmark b = new DeliveryBenchmark();
        b.batch = batch;
        b.setUp(); // throws unless both contenders give bit-identical buffers on every spike set
        try {
            // setUp leaves the last set in both buffers; each operation adds one more set (sd of a set's
            // synapse count: sqrt(85 x 80) = 82, about 1.2%, so 10% is far outside chance).
            assertEquals(TWO_SETS, sum(b.shnnCsr().toArray(JAVA_FLOAT)), 0.1 * TWO_SETS, "engine, batch " + batch);
            assertEquals(TWO_SETS, sum(b.heapCsr()), 0.1 * TWO_SETS, "heap, batch " + batch);
            assertEquals(TWO_SETS, sum(b.heapBatch()), 0.1 * TWO_SETS, "heap batch, batch " + batch);
        } finally {
            b.tearDown();
        }
    }
}
