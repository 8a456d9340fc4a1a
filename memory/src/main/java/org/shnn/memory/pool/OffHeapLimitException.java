package org.shnn.memory.pool;

/**
 * Thrown when a reservation of off-heap memory would take an {@link OffHeapBudget} past its limit.
 * The request is refused before any memory is taken, so the process stays healthy and the caller
 * may free memory and retry.
 *
 * <p>The message names the request, the budget, what it has reserved and handed out, and its limit,
 * all in bytes.
 */
public final class OffHeapLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long requestedBytes;
    private final long reservedBytes;
    private final long inUseBytes;
    private final long limitBytes;

    OffHeapLimitException(String what, String budgetName, long requestedBytes, long reservedBytes,
                          long inUseBytes, long limitBytes, boolean machineMemory) {
        super(what + " needs " + requestedBytes + " more bytes from the OS, which would exceed the off-heap limit of budget '"
                + budgetName + "': reserved " + reservedBytes + " + " + requestedBytes + " > limit " + limitBytes
                + " bytes (in use " + inUseBytes + " bytes; " + (machineMemory
                        ? "the limit is this machine's physical memory less the JVM heap and a margin, "
                                + String.format(java.util.Locale.ROOT, "%.1f", limitBytes / (double) (1L << 30))
                                + " GiB: the work needs more memory than the machine has; to go past it (swap, a smaller"
                                + " -Xmx), set -D" + OffHeapBudget.LIMIT_PROPERTY + "=<size>)"
                        : "raise it with -D" + OffHeapBudget.LIMIT_PROPERTY + "=<size> or OffHeapBudget.setLimit)"));
        this.requestedBytes = requestedBytes;
        this.reservedBytes = reservedBytes;
        this.inUseBytes = inUseBytes;
        this.limitBytes = limitBytes;
    }

    /** Bytes the refused reservation asked the budget for (a whole chunk for a small request). */
    public long requestedBytes() {
        return requestedBytes;
    }

    /** Bytes the budget had reserved from the OS when it refused. */
    public long reservedBytes() {
        return reservedBytes;
    }

    /** Bytes handed out to callers under the budget when it refused. */
    public long inUseBytes() {
        return inUseBytes;
    }

    /** The budget's limit in bytes. */
    public long limitBytes() {
        return limitBytes;
    }
}
