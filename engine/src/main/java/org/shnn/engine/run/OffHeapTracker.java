package org.shnn.engine.run;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulation's allocator: one shared arena that owns every segment of a simulation (freed all at
 * once by {@link #close()}), counting bytes in use and the peak. Thread-safe.
 */
final class OffHeapTracker implements SegmentAllocator, AutoCloseable {

    private final Arena arena = Arena.ofShared();
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        MemorySegment s = arena.allocate(byteSize, Math.max(byteAlignment, 64));
        long now = inUse.addAndGet(byteSize);
        peak.accumulateAndGet(now, Math::max);
        return s;
    }

    OffHeapStats stats() {
        return new OffHeapStats(inUse.get(), peak.get());
    }

    @Override
    public void close() {
        arena.close();
        inUse.set(0);
    }
}
