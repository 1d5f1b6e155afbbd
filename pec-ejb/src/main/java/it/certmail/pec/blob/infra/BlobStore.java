package it.certmail.pec.blob.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import javax.sql.DataSource;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.model.MessageBlob;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.platform.infra.DatabaseProduct;

/**
 * Archivio dei contenuti: message bytes stored exactly as received, once per distinct content (SHA-256), in rows
 * of at most {@link MessageBlob#CHUNK_BYTES} ({@code message_blob_chunk}), so that a 100 MB message is written
 * and read as a stream on H2 and PostgreSQL alike (pgjdbc materialises a whole bytea value).
 *
 * <p><b>Transactions.</b> Each call takes a connection from the {@link DataSource} and closes it; it never
 * commits, rolls back or changes auto-commit. In the container that DataSource is {@code jdbc/pec}, which enlists
 * in the caller's JTA transaction (and shares the physical connection with JPA there); in tests a plain
 * DataSource runs each statement in auto-commit.
 *
 * <p><b>References.</b> {@code ref_count} counts holders: {@link #store(InputStream)} gives the caller one
 * reference (stored twice, the same content has two); each stored message takes one more
 * ({@code JpaMessageStore}); {@link #release(long)} drops one and deletes the blob with its chunks when none is
 * left. So an envelope to 500 local recipients is stored once, delivered 500 times, then released by the queue.
 *
 * <p>Two transactions storing the same new content at the same moment may collide on the unique SHA-256; one of
 * them then fails with a constraint violation and is retried by its caller like any other transient failure.
 */
public class BlobStore {

    private final DataSource dataSource;
    private final Clock clock;
    private final int chunkBytes;

    public BlobStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, MessageBlob.CHUNK_BYTES);
    }

    /** @param chunkBytes row size, at most {@link MessageBlob#CHUNK_BYTES} (smaller in tests) */
    public BlobStore(DataSource dataSource, Clock clock, int chunkBytes) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (chunkBytes < 1 || chunkBytes > MessageBlob.CHUNK_BYTES) {
            throw new IllegalArgumentException("chunk size out of range: " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
    }

    /**
     * Streams {@code in} to its end into chunk rows while hashing it, holding one chunk in memory at a time. If a
     * blob with the same SHA-256 already exists, the new rows are dropped and the existing blob gains a reference.
     * Does not close {@code in}.
     *
     * @return the blob, with one reference for the caller
     * @throws IOException if reading {@code in} fails (nothing is kept then, in a transaction that rolls back)
     */
    public BlobRef store(InputStream in) throws IOException {
        MessageDigest sha256 = sha256();
        try (Connection c = dataSource.getConnection()) {
            long id = nextId(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO message_blob "
                    + "(id, sha256, size_bytes, chunk_count, ref_count, created_at) VALUES (?, ?, 0, 0, 0, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, "pending-" + id);
                ps.setObject(3, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
                ps.executeUpdate();
            }
            long size = 0;
            int seq = 0;
            byte[] buffer = new byte[chunkBytes];
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO message_blob_chunk (blob_id, seq, data) VALUES (?, ?, ?)")) {
                int n;
                while ((n = in.readNBytes(buffer, 0, chunkBytes)) > 0) {
                    sha256.update(buffer, 0, n);
                    ps.setLong(1, id);
                    ps.setInt(2, seq++);
                    ps.setBytes(3, n == chunkBytes ? buffer : Arrays.copyOf(buffer, n));
                    // one row at a time (no batch), so the buffer is free again when this returns
                    ps.executeUpdate();
                    size += n;
                }
            }
            String hex = HexFormat.of().formatHex(sha256.digest());
            Optional<BlobRef> existing = retainBySha256(c, hex);
            if (existing.isPresent()) {
                delete(c, id);
                return existing.get();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE message_blob SET sha256 = ?, size_bytes = ?, chunk_count = ?, ref_count = 1 WHERE id = ?")) {
                ps.setString(1, hex);
                ps.setLong(2, size);
                ps.setInt(3, seq);
                ps.setLong(4, id);
                ps.executeUpdate();
            }
            return new BlobRef(id, hex, size);
        } catch (SQLException e) {
            throw new BlobStoreException("cannot store a message blob", e);
        }
    }

    /**
     * Stores bytes already spooled: their SHA-256 is known before anything is written, so content that exists only
     * gains a reference, and new content is written once with its final row (no pending row to fill in later):
     * one statement fewer than {@link #store(InputStream)} for new content, no rows written and deleted for
     * existing content.
     *
     * @return the blob, with one reference for the caller
     */
    public BlobRef store(Spool bytes) throws IOException {
        MessageDigest sha256 = sha256();
        // straight from the spool's own array when it is in memory: no 64 KB buffer per blob
        bytes.writeTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
        String hex = HexFormat.of().formatHex(sha256.digest());
        long size = bytes.size();
        int chunks = (int) ((size + chunkBytes - 1) / chunkBytes);
        try (Connection c = dataSource.getConnection()) {
            long id;
            if (isPostgres(c)) {
                OptionalLong inserted = insertUnlessStored(c, hex, size, chunks, now());
                if (inserted.isEmpty()) {
                    // stored already, or its last holder deleting it right now (then this step is tried again)
                    return retainBySha256(c, hex).orElseThrow(() -> new BlobStoreException(
                            "message blob " + hex + " is being deleted by another transaction", null));
                }
                id = inserted.getAsLong();
            } else {
                Optional<BlobRef> existing = retainBySha256(c, hex);
                if (existing.isPresent()) {
                    return existing.get();
                }
                id = nextId(c);
                insert(c, id, hex, size, chunks, now());
            }
            try (InputStream in = bytes.open(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO message_blob_chunk (blob_id, seq, data) VALUES (?, ?, ?)")) {
                byte[] buffer = new byte[(int) Math.min(chunkBytes, Math.max(1, size))];
                for (int seq = 0; seq < chunks; seq++) {
                    int n = in.readNBytes(buffer, 0, buffer.length);
                    ps.setLong(1, id);
                    ps.setInt(2, seq);
                    ps.setBytes(3, n == buffer.length ? buffer : Arrays.copyOf(buffer, n));
                    ps.executeUpdate();
                }
            }
            return new BlobRef(id, hex, size);
        } catch (SQLException e) {
            throw new BlobStoreException("cannot store a message blob", e);
        }
    }

    /**
     * The bytes of a blob as a lazy stream: each chunk row is fetched, on a connection of its own, only when the
     * reader reaches it. It may be read after the transaction that opened it has ended (a REST response streamed
     * by the container); a blob deleted meanwhile ends the stream with an IOException.
     *
     * @throws NoSuchElementException if there is no such blob
     */
    public InputStream open(long blobId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT size_bytes, chunk_count FROM message_blob "
                        + "WHERE id = ? AND sha256 NOT LIKE 'pending-%'")) {
            ps.setLong(1, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NoSuchElementException("no message blob " + blobId);
                }
                return new ChunkStream(blobId, rs.getInt(2), rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new BlobStoreException("cannot read message blob " + blobId, e);
        }
    }

    /** Blobs per statement of {@link #prefixes}: bounds the parameters and the bytes of one result. */
    private static final int PREFIX_BATCH = 250;

    /**
     * The first {@code maxBytes} bytes of each blob (the whole blob when shorter), from its first chunk row, a few
     * hundred blobs per statement. Blobs that are gone, pending, or whose first chunk is shorter than asked while
     * more follow are left out: the caller reads those with {@link #open(long)}.
     *
     * @param maxBytes at most {@link MessageBlob#CHUNK_BYTES}
     */
    public Map<Long, byte[]> prefixes(Collection<Long> blobIds, int maxBytes) {
        if (maxBytes < 1 || maxBytes > MessageBlob.CHUNK_BYTES) {
            throw new IllegalArgumentException("prefix length out of range: " + maxBytes);
        }
        List<Long> ids = blobIds.stream().distinct().toList();
        Map<Long, byte[]> out = new HashMap<>(ids.size() * 2);
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < ids.size(); from += PREFIX_BATCH) {
                List<Long> part = ids.subList(from, Math.min(ids.size(), from + PREFIX_BATCH));
                // SUBSTRING on binary strings is standard SQL, on H2 and PostgreSQL alike
                String sql = "SELECT c.blob_id, b.size_bytes, SUBSTRING(c.data FROM 1 FOR " + maxBytes + ") "
                        + "FROM message_blob_chunk c JOIN message_blob b ON b.id = c.blob_id "
                        + "WHERE c.seq = 0 AND b.sha256 NOT LIKE 'pending-%' AND c.blob_id IN ("
                        + String.join(",", java.util.Collections.nCopies(part.size(), "?")) + ")";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < part.size(); i++) {
                        ps.setLong(i + 1, part.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            long size = rs.getLong(2);
                            byte[] data = rs.getBytes(3);
                            if (data != null && data.length == Math.min(size, maxBytes)) {
                                out.put(rs.getLong(1), data);
                            }
                        }
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new BlobStoreException("cannot read the first bytes of " + ids.size() + " message blobs", e);
        }
    }

    /**
     * The whole content in memory, for small blobs only.
     *
     * @throws IllegalArgumentException if the blob is larger than {@code maxBytes}
     * @throws NoSuchElementException   if there is no such blob
     */
    public byte[] readAll(long blobId, int maxBytes) throws IOException {
        BlobRef ref = find(blobId).orElseThrow(() -> new NoSuchElementException("no message blob " + blobId));
        if (ref.size() > maxBytes) {
            throw new IllegalArgumentException("blob " + blobId + " has " + ref.size() + " bytes, more than " + maxBytes);
        }
        try (InputStream in = open(blobId)) {
            return in.readAllBytes();
        }
    }

    public Optional<BlobRef> find(long blobId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT sha256, size_bytes FROM message_blob WHERE id = ? AND sha256 NOT LIKE 'pending-%'")) {
            ps.setLong(1, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new BlobRef(blobId, rs.getString(1), rs.getLong(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new BlobStoreException("cannot read message blob " + blobId, e);
        }
    }

    public Optional<BlobRef> findBySha256(String sha256Hex) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, size_bytes FROM message_blob WHERE sha256 = ?")) {
            ps.setString(1, sha256Hex);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new BlobRef(rs.getLong(1), sha256Hex, rs.getLong(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new BlobStoreException("cannot look up a message blob", e);
        }
    }

    /** How many holders the blob has; 0 when it does not exist. */
    public int referenceCount(long blobId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT ref_count FROM message_blob WHERE id = ?")) {
            ps.setLong(1, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new BlobStoreException("cannot read message blob " + blobId, e);
        }
    }

    /** Adds a holder. @throws NoSuchElementException if there is no such blob */
    public void retain(long blobId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE message_blob SET ref_count = ref_count + 1 WHERE id = ? AND ref_count > 0")) {
            ps.setLong(1, blobId);
            if (ps.executeUpdate() != 1) {
                throw new NoSuchElementException("no message blob " + blobId);
            }
        } catch (SQLException e) {
            throw new BlobStoreException("cannot retain message blob " + blobId, e);
        }
    }

    /**
     * Drops a holder; the last one deletes the blob and its chunks. Releasing a blob that is gone does nothing.
     *
     * @return whether the blob was deleted
     */
    public boolean release(long blobId) {
        return release(blobId, 1);
    }

    /**
     * Drops {@code holders} holders at once (several rows leaving a queue together): one statement in the usual
     * case, where another holder stays; the last one deletes the blob and its chunks. A blob that is gone, or one
     * with fewer holders than that (a count gone wrong), is left alone rather than driven below zero.
     *
     * @return whether the blob was deleted
     */
    public boolean release(long blobId, int holders) {
        if (holders < 1) {
            return false;
        }
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE message_blob SET ref_count = ref_count - ? WHERE id = ? AND ref_count > ?")) {
                ps.setInt(1, holders);
                ps.setLong(2, blobId);
                ps.setInt(3, holders);
                if (ps.executeUpdate() == 1) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE message_blob SET ref_count = ref_count - ? WHERE id = ? AND ref_count >= ?")) {
                ps.setInt(1, holders);
                ps.setLong(2, blobId);
                ps.setInt(3, holders);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ref_count FROM message_blob WHERE id = ?")) {
                ps.setLong(1, blobId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) > 0) {
                        return false;
                    }
                }
            }
            delete(c, blobId);
            return true;
        } catch (SQLException e) {
            throw new BlobStoreException("cannot release message blob " + blobId, e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    /**
     * PostgreSQL: the new blob row in one statement (its id from the sequence in the INSERT itself), or nothing when
     * the content is stored already (then the caller takes a reference on it). Content is new nearly always (every
     * envelope and receipt we sign is unique), so the usual case costs one statement, not a failed reference update,
     * a sequence read and the insert. (H2 has no ON CONFLICT: there the reference update comes first, as before.)
     */
    private static OptionalLong insertUnlessStored(Connection c, String hex, long size, int chunks,
            OffsetDateTime createdAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message_blob "
                + "(id, sha256, size_bytes, chunk_count, ref_count, created_at) "
                + "VALUES (nextval('message_blob_seq'), ?, ?, ?, 1, ?) ON CONFLICT (sha256) DO NOTHING RETURNING id")) {
            ps.setString(1, hex);
            ps.setLong(2, size);
            ps.setInt(3, chunks);
            ps.setObject(4, createdAt);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private static void insert(Connection c, long id, String hex, long size, int chunks, OffsetDateTime createdAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message_blob "
                + "(id, sha256, size_bytes, chunk_count, ref_count, created_at) VALUES (?, ?, ?, ?, 1, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, hex);
            ps.setLong(3, size);
            ps.setInt(4, chunks);
            ps.setObject(5, createdAt);
            ps.executeUpdate();
        }
    }

    private static boolean isPostgres(Connection c) throws SQLException {
        return DatabaseProduct.isPostgres(c);
    }

    private static Optional<BlobRef> retainBySha256(Connection c, String hex) throws SQLException {
        // ref_count > 0: a blob whose last holder is leaving is not revived
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE message_blob SET ref_count = ref_count + 1 WHERE sha256 = ? AND ref_count > 0")) {
            ps.setString(1, hex);
            if (ps.executeUpdate() == 0) {
                return Optional.empty();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, size_bytes FROM message_blob WHERE sha256 = ?")) {
            ps.setString(1, hex);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(new BlobRef(rs.getLong(1), hex, rs.getLong(2)));
            }
        }
    }

    private static void delete(Connection c, long blobId) throws SQLException {
        try (PreparedStatement chunks = c.prepareStatement("DELETE FROM message_blob_chunk WHERE blob_id = ?");
                PreparedStatement blob = c.prepareStatement("DELETE FROM message_blob WHERE id = ?")) {
            chunks.setLong(1, blobId);
            chunks.executeUpdate();
            blob.setLong(1, blobId);
            blob.executeUpdate();
        }
    }

    private static long nextId(Connection c) throws SQLException {
        // NEXT VALUE FOR is standard SQL and H2; PostgreSQL only knows nextval()
        String sql = isPostgres(c)
                ? "SELECT nextval('message_blob_seq')" : "SELECT NEXT VALUE FOR message_blob_seq";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** Reads chunk rows one by one, each on its own short-lived connection. */
    private final class ChunkStream extends InputStream {

        private final long blobId;
        private final int chunkCount;
        private long remaining;
        private int nextSeq;
        private byte[] current = new byte[0];
        private int pos;
        private boolean closed;

        ChunkStream(long blobId, int chunkCount, long size) {
            this.blobId = blobId;
            this.chunkCount = chunkCount;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (!ensureData()) {
                return -1;
            }
            remaining--;
            return current[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!ensureData()) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            remaining -= n;
            return n;
        }

        @Override
        public int available() {
            return closed ? 0 : current.length - pos;
        }

        @Override
        public void close() {
            closed = true;
            current = new byte[0];
            pos = 0;
        }

        private boolean ensureData() throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            while (pos == current.length) {
                if (nextSeq >= chunkCount) {
                    return false;
                }
                current = fetch(nextSeq++);
                pos = 0;
            }
            return true;
        }

        private byte[] fetch(int seq) throws IOException {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT data FROM message_blob_chunk WHERE blob_id = ? AND seq = ?")) {
                ps.setLong(1, blobId);
                ps.setInt(2, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IOException("message blob " + blobId + " lost its chunk " + seq
                                + " with " + remaining + " bytes still to read");
                    }
                    return rs.getBytes(1);
                }
            } catch (SQLException e) {
                throw new IOException("cannot read chunk " + seq + " of message blob " + blobId, e);
            }
        }
    }
}
