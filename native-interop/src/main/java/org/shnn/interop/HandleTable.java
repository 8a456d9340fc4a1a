package org.shnn.interop;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Maps the opaque {@code int64} handles given to native hosts to Java objects. Handles start at 1
 * and are never reused in the life of the process, so a stale handle (used after its object was
 * removed) is always detected instead of reaching a newer object; 0 and negative values are never
 * valid, so a zero-initialised C variable is a detectably bad handle.
 *
 * <p>Thread-safety: every method may be called from any thread (a {@link ConcurrentHashMap} holds
 * the entries; the id counter is an atomic increment).
 *
 * @param <T> the object type
 */
public final class HandleTable<T> {

    private final String what;
    private final ConcurrentHashMap<Long, T> entries = new ConcurrentHashMap<>();
    private final AtomicLong lastIssued = new AtomicLong();

    /** An empty table; {@code what} names the object kind in error messages ("simulation"). */
    public HandleTable(String what) {
        this.what = what;
    }

    /**
     * Stores the object {@code factory} makes for a new handle (>= 1; the factory receives it, e.g.
     * for messages) and returns the handle. If the factory throws, no handle is stored.
     */
    public long add(LongFunction<? extends T> factory) {
        long handle = lastIssued.incrementAndGet();
        T value = factory.apply(handle);
        if (value == null) {
            throw new IllegalArgumentException("cannot store a null " + what + " under handle " + handle);
        }
        entries.put(handle, value);
        return handle;
    }

    /** The object under {@code handle}; {@link InvalidHandleException} if it is not open. */
    public T get(long handle) {
        T value = handle > 0 ? entries.get(handle) : null;
        if (value == null) {
            throw new InvalidHandleException(what, handle);
        }
        return value;
    }

    /**
     * Removes and returns the object under {@code handle}; {@link InvalidHandleException} if it is
     * not open. Of two concurrent removals of one handle exactly one succeeds.
     */
    public T remove(long handle) {
        T value = handle > 0 ? entries.remove(handle) : null;
        if (value == null) {
            throw new InvalidHandleException(what, handle);
        }
        return value;
    }

    /** The number of open handles. */
    public int size() {
        return entries.size();
    }
}
