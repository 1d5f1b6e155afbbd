package it.certmail.pec.blob.infra;

/** The database failed under the blob store (an SQLException, unchecked). */
public class BlobStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
