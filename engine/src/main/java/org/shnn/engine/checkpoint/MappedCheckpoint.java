package org.shnn.engine.checkpoint;

import java.util.List;
import org.shnn.codec.CodecException;
import org.shnn.codec.Section;
import org.shnn.codec.ShnnFile;
import org.shnn.engine.run.SectionOwner;

/**
 * A mapped checkpoint as the owner of the CSR sections a simulation uses in place: checks that the file did
 * not change under the mapping ({@link ShnnFile#checkUnchanged()}) and verifies the checksums of the
 * {@link Verification#DEFERRED} sections in a background thread ("shnn-verify"), whose verdict
 * {@link #checkIntact(boolean) checkIntact(true)} waits for.
 *
 * <p>Ownership: owns the file; {@link #close()} stops the verifier (between two sections) and unmaps the file.
 * Thread-safety: the verifier thread only reads the mapping and publishes its failure through a volatile
 * field; every other call comes from the simulation's controlling thread.
 */
final class MappedCheckpoint implements SectionOwner {

    private final ShnnFile file;
    private final Thread verifier;
    private volatile boolean cancelled;
    /** The verifier's failure (a checksum mismatch or a fault reading the mapping), or null. */
    private volatile RuntimeException failure;

    /** Owns {@code file} and starts verifying {@code deferred} (none: no thread). */
    MappedCheckpoint(ShnnFile file, List<Section> deferred) {
        this.file = file;
        this.verifier = deferred.isEmpty() ? null
                : Thread.ofPlatform().daemon().name("shnn-verify").start(() -> verify(deferred));
    }

    private void verify(List<Section> sections) {
        try {
            for (Section s : sections) {
                if (cancelled) {
                    return;
                }
                file.verify(s);
            }
        } catch (CodecException e) {
            failure = e;
        } catch (RuntimeException | Error e) { // e.g. InternalError: the mapping faulted (the file shrank)
            if (!cancelled) {
                failure = new CodecException(file.path(), null, CodecException.NO_OFFSET, "checksum",
                        "sections readable for verification", e.toString(), e);
            }
        }
    }

    @Override
    public void checkIntact(boolean complete) {
        file.checkUnchanged();
        if (complete && verifier != null) {
            joinVerifier();
        }
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    private void joinVerifier() {
        boolean interrupted = false;
        while (true) {
            try {
                verifier.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        cancelled = true;
        if (verifier != null) {
            joinVerifier();
        }
        file.close();
    }
}
