package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.blob.model.MessageBlob;
import it.certmail.pec.mime.Spool;

class BlobStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC);

    TestDatabase db;

    /** The database under test; {@link BlobStorePostgresTest} runs the same tests on PostgreSQL. */
    TestDatabase database() {
        return TestDatabase.h2();
    }

    @BeforeEach
    void open() {
        db = database();
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void storeShouldStreamA30MegabyteMessageInAndOutByteIdenticalInMebibyteChunks() throws IOException {
        long size = 30L * 1024 * 1024 + 1234;
        BlobStore store = new BlobStore(db.dataSource, CLOCK);

        BlobRef ref;
        try (InputStream in = new GeneratedMessage(size, 42)) {
            ref = store.store(in);
        }

        assertThat(ref.size()).isEqualTo(size);
        assertThat(ref.sha256()).isEqualTo(sha256(new GeneratedMessage(size, 42)));
        assertThat(db.count("SELECT COUNT(*) FROM message_blob_chunk WHERE blob_id = " + ref.id())).isEqualTo(31);
        assertThat(db.count("SELECT MAX(OCTET_LENGTH(data)) FROM message_blob_chunk")).isEqualTo(MessageBlob.CHUNK_BYTES);
        assertThat(db.count("SELECT OCTET_LENGTH(data) FROM message_blob_chunk WHERE seq = 30")).isEqualTo(1234);
        try (InputStream stored = store.open(ref.id()); InputStream expected = new GeneratedMessage(size, 42)) {
            assertSameBytes(stored, expected);
        }
    }

    @Test
    void prefixesShouldReadTheFirstBytesOfManyBlobsAndLeaveOutWhatTheyCannotServe() throws IOException {
        BlobStore store = new BlobStore(db.dataSource, CLOCK, 1000);
        byte[] small = "Subject: a\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] big = new GeneratedMessage(3000, 11).readAllBytes();
        BlobRef a = store.store(new ByteArrayInputStream(small));
        BlobRef b = store.store(new ByteArrayInputStream(big));
        java.util.List<Long> ids = new java.util.ArrayList<>(java.util.List.of(a.id(), b.id(), 999_999L));
        for (int i = 0; i < 300; i++) {
            ids.add(a.id());
        }

        java.util.Map<Long, byte[]> first = store.prefixes(ids, 500);
        assertThat(first).containsOnlyKeys(a.id(), b.id());
        assertThat(first.get(a.id())).isEqualTo(small);
        assertThat(first.get(b.id())).isEqualTo(java.util.Arrays.copyOf(big, 500));
        // 2000 bytes would need a second chunk row of the big blob: left to the stream
        assertThat(store.prefixes(ids, 2000)).containsOnlyKeys(a.id());
    }

    @Test
    void storeShouldKeepIdenticalContentOnceAndCountItsHolders() throws IOException {
        BlobStore store = new BlobStore(db.dataSource, CLOCK, 1000);
        byte[] message = new GeneratedMessage(4500, 7).readAllBytes();

        BlobRef first = store.store(new ByteArrayInputStream(message));
        BlobRef second = store.store(new ByteArrayInputStream(message));

        assertThat(second).isEqualTo(first);
        assertThat(store.referenceCount(first.id())).isEqualTo(2);
        assertThat(db.count("SELECT COUNT(*) FROM message_blob")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM message_blob_chunk")).isEqualTo(5);
        assertThat(store.findBySha256(first.sha256())).contains(first);

        assertThat(store.release(first.id())).isFalse();
        assertThat(store.referenceCount(first.id())).isEqualTo(1);
        assertThat(store.release(first.id())).isTrue();
        assertThat(db.count("SELECT COUNT(*) FROM message_blob")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM message_blob_chunk")).isZero();
        assertThat(store.release(first.id())).isFalse();
    }

    @Test
    void releaseOfSeveralHoldersShouldDropThemTogetherAndDeleteWithTheLast() throws IOException {
        BlobStore store = new BlobStore(db.dataSource, CLOCK, 1000);
        BlobRef blob = store.store(new ByteArrayInputStream(new GeneratedMessage(2500, 5).readAllBytes()));
        for (int i = 0; i < 4; i++) {
            store.retain(blob.id());
        }

        assertThat(store.release(blob.id(), 3)).isFalse();
        assertThat(store.referenceCount(blob.id())).isEqualTo(2);
        // more than it holds: a count gone wrong leaves the blob as it is, never below zero
        assertThat(store.release(blob.id(), 3)).isFalse();
        assertThat(store.referenceCount(blob.id())).isEqualTo(2);
        assertThat(store.release(blob.id(), 0)).isFalse();
        assertThat(store.referenceCount(blob.id())).isEqualTo(2);

        assertThat(store.release(blob.id(), 2)).isTrue();
        assertThat(db.count("SELECT COUNT(*) FROM message_blob")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM message_blob_chunk")).isZero();
        assertThat(store.release(blob.id(), 2)).isFalse();
    }

    @Test
    void storeOfASpoolShouldWriteFinalRowsAndShareIdenticalContentWithTheStreamPath() throws IOException {
        BlobStore store = new BlobStore(db.dataSource, CLOCK, 1000);
        byte[] message = new GeneratedMessage(4500, 9).readAllBytes();

        BlobRef streamed = store.store(new ByteArrayInputStream(message));
        try (Spool same = Spool.of(message); Spool exact = Spool.of(new GeneratedMessage(3000, 2).readAllBytes());
                Spool empty = Spool.of(new byte[0])) {
            BlobRef spooled = store.store(same);
            assertThat(spooled).isEqualTo(streamed);
            assertThat(store.referenceCount(streamed.id())).isEqualTo(2);

            BlobRef three = store.store(exact);
            assertThat(three.size()).isEqualTo(3000);
            assertThat(db.count("SELECT COUNT(*) FROM message_blob_chunk WHERE blob_id = " + three.id())).isEqualTo(3);
            assertThat(store.readAll(three.id(), 3000)).isEqualTo(new GeneratedMessage(3000, 2).readAllBytes());
            assertThat(store.findBySha256(three.sha256())).contains(three);
            assertThat(store.store(new ByteArrayInputStream(new GeneratedMessage(3000, 2).readAllBytes())))
                    .isEqualTo(three);

            BlobRef none = store.store(empty);
            assertThat(none.size()).isZero();
            assertThat(store.readAll(none.id(), 10)).isEmpty();
        }
        assertThat(db.count("SELECT COUNT(*) FROM message_blob WHERE sha256 LIKE 'pending-%'")).isZero();
    }

    @Test
    void storeShouldKeepDifferentContentApart() throws IOException {
        BlobStore store = new BlobStore(db.dataSource, CLOCK, 1000);

        BlobRef a = store.store(new ByteArrayInputStream("Subject: a\r\n\r\nA".getBytes(StandardCharsets.US_ASCII)));
        BlobRef b = store.store(new ByteArrayInputStream("Subject: b\r\n\r\nB".getBytes(StandardCharsets.US_ASCII)));

        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(new String(store.readAll(b.id(), 100), StandardCharsets.US_ASCII)).isEqualTo("Subject: b\r\n\r\nB");
    }

    @Test
    void storeShouldHandleEmptyContentAndExactMultiplesOfTheChunkSize() throws IOException {
        BlobStore store = new BlobStore(db.dataSource, CLOCK, 1000);

        BlobRef empty = store.store(InputStream.nullInputStream());
        BlobRef exact = store.store(new GeneratedMessage(3000, 1));

        assertThat(empty.size()).isZero();
        assertThat(store.readAll(empty.id(), 10)).isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM message_blob_chunk WHERE blob_id = " + exact.id())).isEqualTo(3);
        assertThat(store.readAll(exact.id(), 3000)).isEqualTo(new GeneratedMessage(3000, 1).readAllBytes());
    }

    @Test
    void openShouldReadLazilyChunkByChunk() throws IOException {
        BlobStore store = new BlobStore(db.dataSource, CLOCK, 1000);
        BlobRef ref = store.store(new GeneratedMessage(2500, 3));

        try (InputStream in = store.open(ref.id())) {
            assertThat(in.readNBytes(10)).hasSize(10);
            // nothing beyond the first chunk has been fetched yet
            assertThat(in.available()).isEqualTo(990);
            // a blob deleted under a reader ends its stream with an IOException, not with short data
            try (var c = db.dataSource.getConnection(); var st = c.createStatement()) {
                st.executeUpdate("DELETE FROM message_blob_chunk WHERE blob_id = " + ref.id() + " AND seq = 2");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("chunk 2");
        }
    }

    @Test
    void readAllAndOpenShouldRefuseWhatTheyCannotServe() throws IOException {
        BlobStore store = new BlobStore(db.dataSource, CLOCK, 1000);
        BlobRef ref = store.store(new GeneratedMessage(2500, 3));

        assertThatThrownBy(() -> store.readAll(ref.id(), 2499)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open(9999)).isInstanceOf(NoSuchElementException.class);
        assertThat(store.find(9999)).isEmpty();
    }

    private static void assertSameBytes(InputStream actual, InputStream expected) throws IOException {
        byte[] a = new byte[64 * 1024];
        byte[] e = new byte[64 * 1024];
        long offset = 0;
        while (true) {
            int na = actual.readNBytes(a, 0, a.length);
            int ne = expected.readNBytes(e, 0, e.length);
            assertThat(na).as("bytes read at offset %d", offset).isEqualTo(ne);
            if (ne == 0) {
                return;
            }
            for (int i = 0; i < ne; i++) {
                if (a[i] != e[i]) {
                    throw new AssertionError("bytes differ at offset " + (offset + i));
                }
            }
            offset += ne;
        }
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
