package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.domain.BlobReference;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.mailbox.domain.DeliveredMessage;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mailbox.domain.QuotaExceededException;
import it.certmail.pec.mailbox.model.MailFolder;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.StoredMessage;

class JpaMessageStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    TestDatabase db;
    private EntityManager em;
    private JpaMessageStore store;
    private BlobStore blobs;

    /** The database under test; {@link JpaMessageStorePostgresTest} runs the same tests on PostgreSQL. */
    TestDatabase database() {
        return TestDatabase.h2();
    }

    @BeforeEach
    void mailboxes() throws MailboxException {
        db = database();
        em = db.entityManager();
        store = new JpaMessageStore(em);
        blobs = new BlobStore(db.dataSource, CLOCK, 1000);
        JpaMailboxDirectory directory = new JpaMailboxDirectory(em);
        tx(() -> directory.createDomain("b.test", T0));
        tx(() -> directory.createMailbox(new NewMailbox("bob@b.test", "password1", "Bob", null, null), p -> "$h", T0));
        tx(() -> directory.createMailbox(new NewMailbox("ann@b.test", "password1", "Ann", null, null), p -> "$h", T0));
    }

    @AfterEach
    void close() {
        if (em != null) {
            em.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private <T> T tx(Work<T> work) throws MailboxException {
        em.getTransaction().begin();
        try {
            T result = work.run();
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.clear();
        }
    }

    interface Work<T> {
        T run() throws MailboxException;
    }

    private static String message(String subject) {
        return "From: \"Per conto di: x@a.test\" <posta-certificata@a.test>\r\nX-Trasporto: posta-certificata\r\n"
                + "Subject: " + subject + "\r\nMessage-ID: <" + subject.hashCode() + "@a.test>\r\n\r\nbody of " + subject + "\r\n";
    }

    private BlobRef stored(String raw) throws IOException {
        return blobs.store(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageSummary summary(String raw) throws IOException {
        return MessageSummaryReader.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void deliverShouldAssignIncreasingUidsAndAddToUsedBytes() throws Exception {
        String m1 = message("uno");
        String m2 = message("=?UTF-8?Q?d=C3=BCe?=");
        BlobRef b1 = stored(m1);
        BlobRef b2 = stored(m2);

        DeliveredMessage d1 = tx(() -> store.deliver("Bob@B.test", "inbox", b1, summaryOf(m1), Set.of(), T0));
        DeliveredMessage d2 = tx(() -> store.deliver("bob@b.test", "INBOX", b2, summaryOf(m2), Set.of("\\Seen"), T0.plusSeconds(1)));
        DeliveredMessage d3 = tx(() -> store.deliver("bob@b.test", "INBOX", b1, summaryOf(m1), Set.of(), T0.plusSeconds(2)));

        assertThat(List.of(d1.uid(), d2.uid(), d3.uid())).containsExactly(1L, 2L, 3L);
        assertThat(d1.uidValidity()).isEqualTo(T0.getEpochSecond());
        assertThat(d1.folder()).isEqualTo("INBOX");
        assertThat(tx(() -> store.usage("bob@b.test")).usedBytes()).isEqualTo(2 * b1.size() + b2.size());
        assertThat(tx(() -> store.usage("ann@b.test")).usedBytes()).isZero();

        List<StoredMessage> inbox = tx(() -> store.list("bob@b.test", "INBOX"));
        assertThat(inbox).extracting(StoredMessage::getUid).containsExactly(1L, 2L, 3L);
        StoredMessage second = inbox.get(1);
        assertThat(second.getSubject()).isEqualTo("düe");
        assertThat(second.getFlags()).containsExactly("\\Seen");
        assertThat(second.getPecKind()).isEqualTo("TRANSPORT_ENVELOPE");
        assertThat(second.getFromAddress()).isEqualTo("posta-certificata@a.test");
        assertThat(second.getInternalDate().toInstant()).isEqualTo(T0.plusSeconds(1));
        assertThat(second.getModseq()).isGreaterThan(inbox.get(0).getModseq());
        assertThat(tx(() -> store.list("bob@b.test", "Sent"))).isEmpty();
    }

    @Test
    void deliverShouldTakeOneBlobReferencePerStoredCopy() throws Exception {
        String raw = message("a tutti");
        BlobRef blob = stored(raw);

        tx(() -> store.deliver("bob@b.test", "INBOX", blob, summaryOf(raw), Set.of(), T0));
        tx(() -> store.deliver("ann@b.test", "INBOX", blob, summaryOf(raw), Set.of(), T0));
        blobs.release(blob.id());

        // two copies, one blob, the caller's own reference dropped
        assertThat(blobs.referenceCount(blob.id())).isEqualTo(2);
        assertThat(db.count("SELECT COUNT(*) FROM message_blob")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM stored_message")).isEqualTo(2);
    }

    @Test
    void deliverShouldIgnoreTheQuotaButAppendShouldNot() throws Exception {
        String raw = message("grande");
        BlobRef blob = stored(raw);
        try (var c = db.dataSource.getConnection(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE mailbox SET quota_bytes = " + (blob.size() + 10) + " WHERE address = 'bob@b.test'");
        }

        tx(() -> store.deliver("bob@b.test", "INBOX", blob, summaryOf(raw), Set.of(), T0));
        tx(() -> store.deliver("bob@b.test", "INBOX", blob, summaryOf(raw), Set.of(), T0));
        assertThat(tx(() -> store.usage("bob@b.test")).overQuota()).isTrue();

        assertThatThrownBy(() -> tx(() -> store.append("bob@b.test", "Sent", blob, summaryOf(raw), Set.of("\\Seen"), T0)))
                .isInstanceOf(QuotaExceededException.class);
        assertThat(tx(() -> store.list("bob@b.test", "Sent"))).isEmpty();
        assertThat(tx(() -> store.append("ann@b.test", "Sent", blob, summaryOf(raw), Set.of("\\Seen"), T0)).uid()).isEqualTo(1);
    }

    @Test
    void findShouldNotServeAnotherMailboxsMessage() throws Exception {
        String raw = message("privato");
        BlobRef blob = stored(raw);
        DeliveredMessage d = tx(() -> store.deliver("bob@b.test", "INBOX", blob, summaryOf(raw), Set.of(), T0));

        assertThat(store.find("bob@b.test", d.messageId())).hasValueSatisfying(m -> {
            assertThat(m.getBlobId()).isEqualTo(blob.id());
            try (InputStream in = blobs.open(m.getBlobId())) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(raw);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(store.find("ann@b.test", d.messageId())).isEmpty();
    }

    @Test
    void deliverShouldReportAMissingMailboxOrFolder() throws Exception {
        String raw = message("perso");
        BlobRef blob = stored(raw);

        assertThatThrownBy(() -> tx(() -> store.deliver("nobody@b.test", "INBOX", blob, summaryOf(raw), Set.of(), T0)))
                .isInstanceOf(MailboxNotFoundException.class);
        assertThatThrownBy(() -> tx(() -> store.deliver("bob@b.test", "Nowhere", blob, summaryOf(raw), Set.of(), T0)))
                .isInstanceOf(MailboxNotFoundException.class).hasMessageContaining("Nowhere");
        assertThat(blobs.referenceCount(blob.id())).isEqualTo(1);
    }

    @Test
    void projectionsShouldReadOnlyTheAskedRowsWithFlagsAndModseq() throws Exception {
        for (int i = 1; i <= 30; i++) {
            String raw = message("n" + i);
            BlobRef blob = stored(raw);
            Set<String> flags = i % 3 == 0 ? Set.of("\\Seen", "$Work") : i % 2 == 0 ? Set.of("\\Seen") : Set.of();
            tx(() -> store.deliver("bob@b.test", "INBOX", blob, summaryOf(raw), flags, T0.plusSeconds(1)));
        }
        var folder = tx(() -> store.folder("bob@b.test", "INBOX"));
        List<Long> seen = new java.util.ArrayList<>();
        List<Set<String>> flags = new java.util.ArrayList<>();
        store.scanFlags(folder, -1, (uid, f, modseq) -> {
            seen.add(uid);
            flags.add(f);
        });
        assertThat(seen).hasSize(30).startsWith(1L, 2L, 3L).endsWith(30L);
        assertThat(flags.get(5)).containsExactly("\\Seen", "$Work");
        assertThat(flags.get(1)).containsExactly("\\Seen");
        // the same flags are one shared set
        assertThat(flags.get(3)).isSameAs(flags.get(1));

        List<Long> changed = new java.util.ArrayList<>();
        long modseqOf28 = store.rows(folder, new long[] {28}).get(0).modseq();
        store.scanFlags(folder, modseqOf28, (uid, f, modseq) -> changed.add(uid));
        assertThat(changed).containsExactly(29L, 30L);

        // dense (BETWEEN) and sparse (IN) UID sets, one absent UID
        var dense = store.rows(folder, new long[] {4, 5, 6, 8});
        assertThat(dense).extracting(JpaMessageStore.MessageRow::uid).containsExactly(4L, 5L, 6L, 8L);
        assertThat(dense.get(2).flags()).containsExactly("\\Seen", "$Work");
        assertThat(dense.get(0).internalDate().toInstant()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.rows(folder, new long[] {1, 17, 30, 99})).extracting(JpaMessageStore.MessageRow::uid)
                .containsExactly(1L, 17L, 30L);
        assertThat(store.uids(folder, 5)).containsExactly(1, 2, 3, 4, 5);
        assertThat(store.countUpToUid(folder, 10)).isEqualTo(10);
        assertThat(store.messages(folder, List.of(30L, 2L, 99L))).extracting(StoredMessage::getUid)
                .containsExactly(2L, 30L);
    }

    /** The caller's reference handed to the message: none taken, the caller releases nothing; a missing folder takes nothing. */
    @Test
    void aDepositWithTheCallersReferenceShouldTakeNoneOfItsOwn() throws Exception {
        String raw = message("consegnato");
        BlobRef blob = stored(raw);
        Mailbox bob = tx(() -> store.findMailbox("bob@b.test").orElseThrow());
        assertThatThrownBy(() -> tx(() -> store.deliver(bob, "Nowhere", blob, summaryOf(raw), Set.of(), T0,
                BlobReference.NEW))).isInstanceOf(MailboxNotFoundException.class);
        assertThat(blobs.referenceCount(blob.id())).isEqualTo(1);
        assertThat(tx(() -> store.usage("bob@b.test")).usedBytes()).isZero();
        tx(() -> store.deliver(bob, "INBOX", blob, summaryOf(raw), Set.of(), T0, BlobReference.CALLERS));
        assertThat(blobs.referenceCount(blob.id())).isEqualTo(1);
        assertThat(tx(() -> store.list("bob@b.test", "INBOX"))).extracting(StoredMessage::getBlobId)
                .containsExactly(blob.id());
    }

    /**
     * A folder this transaction read before a deposit shows the deposit's counters afterwards (on PostgreSQL the
     * deposit is one statement that never loads the folder: the copy read before is refreshed), and the row written
     * carries every fact of the message.
     */
    @Test
    void aFolderReadEarlierInTheTransactionShouldNotGoStaleOnADeposit() throws Exception {
        String first = message("primo");
        BlobRef b1 = stored(first);
        tx(() -> store.deliver("bob@b.test", "INBOX", b1, summaryOf(first), Set.of("\\Seen"), T0));
        String raw = message("secondo");
        BlobRef blob = stored(raw);
        tx(() -> {
            MailFolder before = store.folder("bob@b.test", "INBOX");
            assertThat(before.getUidNext()).isEqualTo(2);
            long modseq = before.getHighestModseq();
            Mailbox bob = store.findMailbox("bob@b.test").orElseThrow();
            DeliveredMessage d = store.deliver(bob, "inbox", blob, summaryOf(raw), Set.of("\\Flagged", "$Work"),
                    T0.plusSeconds(5), BlobReference.NEW);
            assertThat(d.uid()).isEqualTo(2);
            assertThat(d.folder()).isEqualTo("INBOX");
            assertThat(d.uidValidity()).isEqualTo(before.getUidValidity());
            MailFolder after = store.folder("bob@b.test", "INBOX");
            assertThat(after).isSameAs(before);
            assertThat(after.getUidNext()).isEqualTo(3);
            assertThat(after.getHighestModseq()).isEqualTo(modseq + 1);
            assertThat(JpaMessageStore.counts(after))
                    .isEqualTo(new JpaMessageStore.FolderCounts(2, 1, b1.size() + blob.size()));
            assertThat(JpaMessageStore.counts(after)).isEqualTo(store.recount(after));
            return null;
        });
        StoredMessage m = tx(() -> store.list("bob@b.test", "INBOX")).get(1);
        assertThat(m.getUid()).isEqualTo(2);
        assertThat(m.getFlags()).containsExactly("\\Flagged", "$Work");
        assertThat(m.getSubject()).isEqualTo("secondo");
        assertThat(m.getOnBehalfOf()).isEqualTo("x@a.test");
        assertThat(m.getInternalDate().toInstant()).isEqualTo(T0.plusSeconds(5));
        assertThat(m.getSizeBytes()).isEqualTo(blob.size());
        assertThat(tx(() -> store.usage("bob@b.test")).usedBytes()).isEqualTo(b1.size() + blob.size());
        // the new message took its own reference beside the test's
        assertThat(blobs.referenceCount(blob.id())).isEqualTo(2);
    }

    private static MessageSummary summaryOf(String raw) {
        try {
            return summary(raw);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
