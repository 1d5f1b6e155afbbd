package it.certmail.pec.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files that hold secrets (key-store passwords, second-factor secrets): readable by their owner only. */
public final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * Creates {@code file}, empty and owner-only where the file system can say so (plainly elsewhere).
     *
     * @throws java.nio.file.FileAlreadyExistsException if it exists, as {@link Files#createFile} does
     */
    public static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException noPosix) {
            Files.createFile(file);
        }
    }
}
