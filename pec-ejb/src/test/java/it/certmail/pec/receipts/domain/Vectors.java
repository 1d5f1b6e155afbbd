package it.certmail.pec.receipts.domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Access to the shared real-message vectors ({@code pec.shared.dir}/vectors). */
public final class Vectors {

    private Vectors() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("pec.shared.dir", "../../shared")).resolve("vectors");
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(dir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
