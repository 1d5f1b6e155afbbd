package it.certmail.pec.transport.domain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Messaggio da inoltrare: the exact bytes of a message to relay, re-readable (a second MX host needs them again)
 * and with a known size (announced with the SMTP SIZE extension). The bytes are sent unchanged.
 */
public interface RawMessageSource {

    /** Size in bytes. */
    long size();

    /** Opens a fresh stream positioned at the first byte; the caller closes it. */
    InputStream open() throws IOException;

    static RawMessageSource ofBytes(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new RawMessageSource() {
            @Override
            public long size() {
                return copy.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(copy);
            }
        };
    }

    static RawMessageSource ofFile(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        long size = Files.size(file);
        return new RawMessageSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }
}
