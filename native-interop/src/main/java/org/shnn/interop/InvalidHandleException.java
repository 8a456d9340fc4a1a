package org.shnn.interop;

/**
 * A handle passed by a native host is 0, closed, or was never issued. Mapped to
 * {@link Status#E_HANDLE} at the C boundary.
 */
public final class InvalidHandleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An exception for {@code handle}; {@code what} names the kind of handle ("simulation"). */
    public InvalidHandleException(String what, long handle) {
        super(what + " handle " + handle + " is not open (closed, or never issued; valid handles are >= 1)");
    }
}
