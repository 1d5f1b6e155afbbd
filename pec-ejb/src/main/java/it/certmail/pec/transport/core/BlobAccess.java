package it.certmail.pec.transport.core;

import java.io.InputStream;
import java.util.Optional;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.mime.Spool;

/** Port: the stored messages (blobs) a point reads and the ones it stores, each with counted references. */
public interface BlobAccess {

    Optional<BlobRef> find(long blobId);

    /** The bytes of a stored blob; the caller closes the stream. */
    InputStream open(long blobId);

    /** Stores bytes; the caller holds one reference, to release once the blob is referenced where it belongs. */
    BlobRef store(Spool bytes);

    void release(long blobId);

    /** Drops {@code holders} references at once (rows leaving a queue together); none when it is less than 1. */
    default void release(long blobId, int holders) {
        for (int i = 0; i < holders; i++) {
            release(blobId);
        }
    }
}
