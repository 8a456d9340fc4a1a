package org.shnn.engine.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Projection;
import org.shnn.engine.network.WeightRule;
import org.shnn.memory.pages.Pages;

/**
 * Which matrices ask storage for their rows ({@link CsrMatrix#requestRow}): one checked on use whose targets are not
 * mostly in memory when wrapped, or told to; never one validated whole or built here; and a matrix derived from one
 * keeps its answer. The rows are checked on use either way.
 */
class CsrRowRequestTest {

    @Test
    void onlyAMatrixCheckedOnUseWhosePagesAreNotInMemoryRequestsRows() {
        assumeTrue(Pages.available(), "Linux with native access: residency known");
        try (Arena arena = Arena.ofShared()) {
            Projection p = new Projection(0, 0, 1, 0, Connectivity.fixedInDegree(20), WeightRule.constant(0.5),
                    DelayRule.uniformSteps(1, 9), true);
            CsrMatrix built = CsrBuilder.build(p, 500, 500, false, 3L, arena, 1);
            Map<String, MemorySegment> m = built.parts();
            assertFalse(built.requestsRows(), "built here");
            assertFalse(wrapWhole(m).requestsRows(), "validated whole");
            // the parts were just written: every page is in memory
            assertEquals(1.0, Pages.residentShare(m.get(CsrMatrix.TARGETS)));
            CsrMatrix cached = onUse(m, null);
            assertFalse(cached.requestsRows(), "checked on use, its pages in memory");
            CsrMatrix told = onUse(m, true);
            assertTrue(told.requestsRows(), "told to request");
            assertFalse(onUse(m, false).requestsRows(), "told not to");
            assertTrue(told.withWeightArray(arena).requestsRows(), "derived: new weights, the same rows");
            for (CsrMatrix c : new CsrMatrix[] {cached, told}) {
                assertTrue(c.checksRowsOnUse());
                for (int row = 0; row < 500; row++) {
                    c.requestRow(row);
                    assertEquals(built.rowEnd(row), c.rowEnd(row), "row " + row); // checks the row
                }
            }
        }
    }

    private static CsrMatrix wrapWhole(Map<String, MemorySegment> m) {
        return CsrMatrix.wrap(m.get(CsrMatrix.HEADER), m.get(CsrMatrix.ROW_OFFSETS), m.get(CsrMatrix.TARGETS),
                m.get(CsrMatrix.WEIGHTS), m.get(CsrMatrix.DELAYS));
    }

    /** Checked on use; {@code request} null: decided by residency. */
    private static CsrMatrix onUse(Map<String, MemorySegment> m, Boolean request) {
        String where = "test matrix";
        return request == null
                ? CsrMatrix.wrapCheckingRowsOnUse(where, m.get(CsrMatrix.HEADER), m.get(CsrMatrix.ROW_OFFSETS),
                        m.get(CsrMatrix.TARGETS), m.get(CsrMatrix.WEIGHTS), m.get(CsrMatrix.DELAYS), null)
                : CsrMatrix.wrapCheckingRowsOnUse(where, m.get(CsrMatrix.HEADER), m.get(CsrMatrix.ROW_OFFSETS),
                        m.get(CsrMatrix.TARGETS), m.get(CsrMatrix.WEIGHTS), m.get(CsrMatrix.DELAYS), null, request);
    }
}
