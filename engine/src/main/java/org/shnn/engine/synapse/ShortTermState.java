package org.shnn.engine.synapse;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import org.shnn.engine.network.TsodyksMarkram;

/**
 * The Tsodyks-Markram state of a projection, one record per presynaptic neuron (CSR row): the spike-time
 * update of {@link TsodyksMarkram} runs once per spiking row and gives the factor by which every synapse of
 * the row is scaled at delivery ({@link DeliveryBatch#add(int, int, float)}).
 *
 * <pre>
 *   copy 0: row 0 [u f64][x f64][y f64][lastStep i64]  row 1 [...] ... row rows-1
 *   copy 1: the same
 *   ...
 * </pre>
 *
 * <p>Why copies: every worker delivers every spike (into its own target range), so each keeps its own copy
 * and updates it with the same spikes in the same order, which gives identical copies and a result that does
 * not depend on the thread count, with no write shared between threads. Copy {@code c} is written only by
 * worker {@code c}; between runs {@link #syncFrom} makes them equal again (a worker whose range receives
 * nothing from the projection does not update its copy), and {@link #copy} of any one is the state to save.
 *
 * <p>Ownership: the segment comes from the caller's allocator and lives as long as it. Thread-safety: as
 * above; the controlling thread calls {@link #syncFrom} and {@link #restore} only between runs.
 */
public final class ShortTermState {

    /** One row's state: {@code u}, {@code x}, {@code y} (fractions) and the step of its last spike. */
    public static final StructLayout ROW_LAYOUT = MemoryLayout.structLayout(
            JAVA_DOUBLE.withName("u"), JAVA_DOUBLE.withName("x"), JAVA_DOUBLE.withName("y"),
            JAVA_LONG.withName("lastStep"));
    private static final long U = ROW_LAYOUT.byteOffset(groupElement("u"));
    private static final long X = ROW_LAYOUT.byteOffset(groupElement("x"));
    private static final long Y = ROW_LAYOUT.byteOffset(groupElement("y"));
    private static final long LAST = ROW_LAYOUT.byteOffset(groupElement("lastStep"));
    private static final long ROW_BYTES = ROW_LAYOUT.byteSize();

    private final TsodyksMarkram params;
    private final double dt;
    private final int rows;
    private final int copies;
    private final MemorySegment segment;
    private final long copyBytes;

    private ShortTermState(TsodyksMarkram params, double dt, int rows, int copies, MemorySegment segment) {
        this.params = params;
        this.dt = dt;
        this.rows = rows;
        this.copies = copies;
        this.segment = segment;
        this.copyBytes = rows * ROW_BYTES;
    }

    /**
     * Allocates {@code copies} copies of the state of {@code rows} rows, each at the initial state
     * ({@code u = 0, x = 1, y = 0}).
     *
     * @param dt the time step, ms
     * @throws IllegalArgumentException if rows or copies is below 1 or dt is not positive
     */
    public static ShortTermState allocate(SegmentAllocator alloc, TsodyksMarkram params, double dt, int rows, int copies) {
        if (rows < 1 || copies < 1 || !(dt > 0)) {
            throw new IllegalArgumentException("short-term state: " + rows + " rows and " + copies
                    + " copies must be >= 1 and dt = " + dt + " ms > 0");
        }
        ShortTermState s = new ShortTermState(params, dt, rows, copies, alloc.allocate(rows * ROW_BYTES * copies, 64));
        s.reset();
        return s;
    }

    /** Puts every row of every copy in the initial state ({@code u = 0, x = 1, y = 0}, last spike at step 0). Between runs. */
    public void reset() {
        for (long r = 0; r < (long) rows * copies; r++) {
            long at = r * ROW_BYTES;
            segment.set(JAVA_DOUBLE, at + U, 0.0);
            segment.set(JAVA_DOUBLE, at + X, 1.0);
            segment.set(JAVA_DOUBLE, at + Y, 0.0);
            segment.set(JAVA_LONG, at + LAST, 0L);
        }
    }

    /** The parameters. */
    public TsodyksMarkram params() {
        return params;
    }

    /** Rows (presynaptic neurons). */
    public int rows() {
        return rows;
    }

    /**
     * The spike of {@code row} at {@code step} in copy {@code copy}: advances the row's state from its last
     * spike (see {@link TsodyksMarkram} for the update, NEST's order) and returns the fraction released,
     * {@code u x}, by which the row's weights are scaled. Steps of one row must not decrease. Allocates
     * nothing; does not throw for valid indices.
     */
    public float release(int copy, int row, long step) {
        long at = copy * copyBytes + row * ROW_BYTES;
        double h = (step - segment.get(JAVA_LONG, at + LAST)) * dt;
        double tauRec = params.tauRec();
        double tauPsc = params.tauPsc();
        double puu = params.tauFacil() > 0 ? Math.exp(-h / params.tauFacil()) : 0.0;
        double pyy = tauPsc > 0 ? Math.exp(-h / tauPsc) : 0.0;
        double pzz = tauRec > 0 ? Math.exp(-h / tauRec) : 0.0;
        double pxy;
        if (tauPsc != tauRec) {
            pxy = ((pzz - 1.0) * tauRec - (pyy - 1.0) * tauPsc) / (tauPsc - tauRec);
        } else {
            pxy = tauRec > 0 ? 1.0 - pzz * (1.0 + h / tauRec) : 1.0; // the limit tau_psc -> tau_rec
        }
        double u = segment.get(JAVA_DOUBLE, at + U);
        double x = segment.get(JAVA_DOUBLE, at + X);
        double y = segment.get(JAVA_DOUBLE, at + Y);
        double z = 1.0 - x - y;
        u *= puu;
        x += pxy * y + (1.0 - pzz) * z;
        y *= pyy;
        u += params.u() * (1.0 - u);
        double released = u * x;
        segment.set(JAVA_DOUBLE, at + U, u);
        segment.set(JAVA_DOUBLE, at + X, x - released);
        segment.set(JAVA_DOUBLE, at + Y, y + released);
        segment.set(JAVA_LONG, at + LAST, step);
        return (float) released;
    }

    /** {@code u} of {@code row} in copy {@code copy} after its last spike. */
    public double u(int copy, int row) {
        return segment.get(JAVA_DOUBLE, copy * copyBytes + row * ROW_BYTES + U);
    }

    /** {@code x} of {@code row} in copy {@code copy} after its last spike (release subtracted). */
    public double x(int copy, int row) {
        return segment.get(JAVA_DOUBLE, copy * copyBytes + row * ROW_BYTES + X);
    }

    /** Copy {@code c} ({@code rows * ROW_LAYOUT} bytes): the state to save; valid while the allocator lives. */
    public MemorySegment copy(int c) {
        return segment.asSlice(java.util.Objects.checkIndex(c, copies) * copyBytes, copyBytes);
    }

    /** Makes every copy equal to copy {@code c}. Between runs only. */
    public void syncFrom(int c) {
        MemorySegment src = copy(c);
        for (int k = 0; k < copies; k++) {
            if (k != c) {
                copy(k).copyFrom(src);
            }
        }
    }

    /**
     * Sets every copy to {@code saved}, a segment written from {@link #copy}. Between runs only.
     *
     * @throws IllegalArgumentException naming {@code name} if the size does not match
     */
    public void restore(MemorySegment saved, String name) {
        if (saved.byteSize() != copyBytes) {
            throw new IllegalArgumentException("section '" + name + "' has " + saved.byteSize() + " bytes; "
                    + rows + " rows of Tsodyks-Markram state need " + copyBytes);
        }
        for (int k = 0; k < copies; k++) {
            copy(k).copyFrom(saved);
        }
    }
}
