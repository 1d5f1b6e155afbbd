package it.certmail.pec.mime;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import jakarta.mail.util.SharedByteArrayInputStream;
import jakarta.mail.util.SharedFileInputStream;

/**
 * The bytes of one message, written once and then read as often as needed: in memory up to a limit (1 MiB by
 * default, so ordinary mail never touches the disk), in a temporary file beyond it. {@link #openShared()} gives
 * Jakarta Mail a {@code SharedInputStream}, so a message parsed from a spool keeps its content where it is (parts
 * are ranges of the spool, never copies). {@link #close()} deletes the file; a spool that is lost without being
 * closed has its file deleted when it is collected.
 *
 * <p>Not thread-safe while written; once {@link #output()} is closed, readers may run at the same time.
 */
public final class Spool implements Closeable {

    /** Kept in memory up to this size by default. */
    public static final int DEFAULT_MEMORY_LIMIT = 1 << 20;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int FILE_BUFFER = 64 * 1024;

    private final int memoryLimit;
    private final Path directory;
    private final FileState file = new FileState();
    private final Cleaner.Cleanable cleanable;
    private byte[] memory = new byte[256];
    private long size;
    private OutputStream fileOut;
    private boolean writing;
    private boolean written;

    private Spool(int memoryLimit, Path directory) {
        if (memoryLimit < 0) {
            throw new IllegalArgumentException("memory limit < 0: " + memoryLimit);
        }
        this.memoryLimit = memoryLimit;
        this.directory = directory;
        this.cleanable = CLEANER.register(this, file);
    }

    /** An empty spool that spills to the JVM's temporary directory beyond {@link #DEFAULT_MEMORY_LIMIT}. */
    public static Spool create() {
        return new Spool(DEFAULT_MEMORY_LIMIT, null);
    }

    /** An empty spool with its own limit and directory ({@code null}: the JVM's temporary directory). */
    public static Spool create(int memoryLimit, Path directory) {
        return new Spool(memoryLimit, directory);
    }

    /**
     * Deletes the spool files in {@code directory} ({@code null}: the JVM's temporary directory) last written before
     * {@code before}: what a killed JVM left behind. Files of running spools are younger than any message's
     * processing. Returns how many were deleted; never throws.
     */
    public static int deleteAbandoned(Path directory, Instant before) {
        Path dir = directory != null ? directory : Path.of(System.getProperty("java.io.tmpdir"));
        int deleted = 0;
        try (var files = Files.newDirectoryStream(dir, "pec-*.spool")) {
            for (Path f : files) {
                try {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(before) && Files.deleteIfExists(f)) {
                        deleted++;
                    }
                } catch (IOException e) {
                    // gone meanwhile, or not ours to delete
                }
            }
        } catch (IOException e) {
            // no such directory: nothing was left there
        }
        return deleted;
    }

    /** A spool holding exactly these bytes (copied). */
    public static Spool of(byte[] bytes) {
        Spool s = new Spool(Math.max(DEFAULT_MEMORY_LIMIT, bytes.length), null);
        s.memory = bytes.clone();
        s.size = bytes.length;
        s.written = true;
        return s;
    }

    /** Reads {@code in} to its end into a new spool; does not close {@code in}. */
    public static Spool copyOf(InputStream in) throws IOException {
        Spool s = create();
        try (OutputStream out = s.output()) {
            in.transferTo(out);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * The one writer of this spool; closing it makes the spool readable.
     *
     * @throws IllegalStateException if the spool was already written
     */
    public OutputStream output() {
        if (writing || written) {
            throw new IllegalStateException("a spool is written once");
        }
        writing = true;
        return new OutputStream() {
            private final byte[] one = new byte[1];
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                one[0] = (byte) b;
                write(one, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (closed) {
                    throw new IOException("spool output closed");
                }
                append(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                if (fileOut != null) {
                    fileOut.flush();
                }
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    finishWriting();
                }
            }
        };
    }

    /** Length in bytes (so far, while written). */
    public long size() {
        return size;
    }

    /** Whether the bytes are in memory (no file). */
    public boolean inMemory() {
        return file.path == null;
    }

    /** A sequential reader of the whole content. */
    public InputStream open() throws IOException {
        checkReadable();
        if (inMemory()) {
            return new ByteArrayInputStream(memory, 0, (int) size);
        }
        return new BufferedInputStream(Files.newInputStream(file.path), FILE_BUFFER);
    }

    /**
     * A reader that is also a {@code jakarta.mail.internet.SharedInputStream} (for {@code new MimeMessage(session,
     * in)} and {@code MimeBodyPart}): sub-streams are ranges of this spool. Closed with the spool at the latest.
     */
    public InputStream openShared() throws IOException {
        checkReadable();
        if (inMemory()) {
            return new SharedByteArrayInputStream(memory, 0, (int) size);
        }
        SharedFileInputStream in = new SharedFileInputStream(file.path.toFile(), FILE_BUFFER);
        synchronized (file) {
            file.shared.add(in);
        }
        return in;
    }

    /** Copies the whole content to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        checkReadable();
        if (inMemory()) {
            out.write(memory, 0, (int) size);
        } else {
            Files.copy(file.path, out);
        }
    }

    /**
     * The content as an array, for small spools only.
     *
     * @throws IllegalStateException if the spool is larger than {@code maxBytes}
     */
    public byte[] toByteArray(int maxBytes) throws IOException {
        checkReadable();
        if (size > maxBytes) {
            throw new IllegalStateException("spool of " + size + " bytes, more than " + maxBytes);
        }
        if (inMemory()) {
            return Arrays.copyOf(memory, (int) size);
        }
        return Files.readAllBytes(file.path);
    }

    /** Deletes the file, if any, and closes the shared readers opened on it. Idempotent. */
    @Override
    public void close() {
        try {
            if (fileOut != null) {
                fileOut.close();
            }
        } catch (IOException e) {
            // the file is deleted below either way
        } finally {
            fileOut = null;
            memory = new byte[0];
            cleanable.clean();
        }
    }

    private void append(byte[] b, int off, int len) throws IOException {
        if (fileOut == null && size + len > memoryLimit) {
            spill();
        }
        if (fileOut != null) {
            fileOut.write(b, off, len);
        } else {
            int needed = (int) size + len;
            if (needed > memory.length) {
                memory = Arrays.copyOf(memory, Math.min(Math.max(needed, memory.length * 2), Math.max(needed,
                        memoryLimit)));
            }
            System.arraycopy(b, off, memory, (int) size, len);
        }
        size += len;
    }

    private void spill() throws IOException {
        Path path = directory == null ? Files.createTempFile("pec-", ".spool")
                : Files.createTempFile(directory, "pec-", ".spool");
        synchronized (file) {
            file.path = path;
        }
        fileOut = new BufferedOutputStream(Files.newOutputStream(path), FILE_BUFFER);
        fileOut.write(memory, 0, (int) size);
        memory = new byte[0];
    }

    private void finishWriting() throws IOException {
        if (fileOut != null) {
            fileOut.close();
            fileOut = null;
        } else if (memory.length > size + 4096) {
            memory = Arrays.copyOf(memory, (int) size);
        }
        writing = false;
        written = true;
    }

    private void checkReadable() {
        if (!written) {
            throw new IllegalStateException(writing ? "spool still being written" : "spool not written");
        }
        if (memory.length == 0 && file.path == null && size > 0) {
            throw new IllegalStateException("spool closed");
        }
    }

    /** What must be undone when the spool goes: the file and the readers on it. Holds no reference to the spool. */
    private static final class FileState implements Runnable {
        private Path path;
        private final List<SharedFileInputStream> shared = new ArrayList<>();

        @Override
        public synchronized void run() {
            for (SharedFileInputStream in : shared) {
                try {
                    in.close();
                } catch (IOException e) {
                    // closing a reader of a file about to be deleted
                }
            }
            shared.clear();
            if (path != null) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete spool file " + path, e);
                }
                path = null;
            }
        }
    }

    @Override
    public String toString() {
        return "Spool[" + size + " bytes" + (inMemory() ? ", in memory" : ", file " + fileName()) + "]";
    }

    private String fileName() {
        Path p = file.path;
        return p == null ? "-" : p.getFileName().toString();
    }
}
