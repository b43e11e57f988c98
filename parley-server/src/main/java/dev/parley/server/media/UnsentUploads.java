package dev.parley.server.media;

import dev.parley.core.error.ParleyException;
import java.util.function.BooleanSupplier;

/**
 * The bound on what a user holds that nothing took yet ({@code parley.limits.unsent-uploads}):
 * chat files and post pictures, each counted apart, checked before a body is read and again as the
 * upload's row is written.
 */
final class UnsentUploads {

    private UnsentUploads() {}

    /** 409 {@code too_many_unsent_uploads}. */
    static ParleyException tooMany(int max) {
        return new ParleyException(
                ParleyException.Kind.CONFLICT,
                "too_many_unsent_uploads",
                "you hold " + max + " uploads that nothing took yet: send them, or wait until they expire");
    }

    /**
     * Writes an upload's row ({@code add}: false when the bound was reached); when it is not
     * written, {@code erase} takes its stored blobs away, since no row will ever name them.
     */
    static void record(BooleanSupplier add, Runnable erase, int max) {
        boolean added;
        try {
            added = add.getAsBoolean();
        } catch (RuntimeException e) {
            erase.run();
            throw e;
        }
        if (!added) { // others of the uploader's were kept while this one was on its way
            erase.run();
            throw tooMany(max);
        }
    }
}
