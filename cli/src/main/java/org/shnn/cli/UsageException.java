package org.shnn.cli;

/** A bad command line: the message is the one line printed before exiting with status 2. */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message one line naming the option and the bad value */
    public UsageException(String message) {
        super(message);
    }
}
