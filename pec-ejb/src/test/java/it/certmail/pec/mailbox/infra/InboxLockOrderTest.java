package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;

/**
 * {@link JpaMessageStore#lockInboxes}: two transactions that deposit in the same two INBOXes in opposite orders (two
 * reception batches, each with a message for Bob and one for Ann) deadlock without it, and wait for each other with
 * it. {@link InboxLockOrderPostgresTest} runs the same on PostgreSQL.
 */
class InboxLockOrderTest {

    private static final Instant T0 = Instant.parse("2026-12-06T21:00:00Z");
    private static final String BOB = "bob@b.test";
    private static final String ANN = "ann@b.test";

    TestDatabase db;
    private EntityManager setup;
    private BlobStore blobs;

    TestDatabase database() {
        return TestDatabase.h2();
    }

    @BeforeEach
    void mailboxes() throws MailboxException {
        db = database();
        setup = db.entityManager();
        blobs = new BlobStore(db.dataSource, Clock.fixed(T0, ZoneOffset.UTC), 1000);
        JpaMailboxDirectory directory = new JpaMailboxDirectory(setup);
        setup.getTransaction().begin();
        directory.createDomain("b.test", T0);
        setup.getTransaction().commit();
        // Ann's INBOX is made after Bob's: the global order is Bob's folder, then Ann's
        for (String address : List.of(BOB, ANN)) {
            setup.getTransaction().begin();
            directory.createMailbox(new NewMailbox(address, "password1", address, null, null), p -> "$h", T0);
            setup.getTransaction().commit();
        }
    }

    @AfterEach
    void close() {
        setup.close();
        db.close();
    }

    /**
     * One transaction: optionally the INBOX locks first, then a deposit in {@code first}, a wait (the other
     * transaction gets going), a deposit in {@code second}, the commit.
     */
    private CompletableFuture<Void> depositBoth(String first, String second, boolean lockFirst, CountDownLatch mine,
            CountDownLatch theirs) {
        return CompletableFuture.runAsync(() -> {
            EntityManager em = db.entityManager();
            JpaMessageStore store = new JpaMessageStore(em);
            try {
                em.getTransaction().begin();
                if (lockFirst) {
                    store.lockInboxes(List.of(first, second, "nobody@b.test"));
                }
                store.deliver(first, "INBOX", stored(first), summary(first), Set.of(), T0);
                mine.countDown();
                // until the other one has deposited too (without the locks) or for a while (it waits on ours)
                theirs.await(lockFirst ? 300 : 5000, TimeUnit.MILLISECONDS);
                store.deliver(second, "INBOX", stored(second), summary(second), Set.of(), T0);
                em.getTransaction().commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                em.close();
            }
        });
    }

    private BlobRef stored(String to) throws IOException {
        return blobs.store(new ByteArrayInputStream(message(to).getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageSummary summary(String to) throws IOException {
        return MessageSummaryReader.read(new ByteArrayInputStream(message(to).getBytes(StandardCharsets.UTF_8)));
    }

    private static String message(String to) {
        return "From: <x@a.test>\r\nTo: <" + to + ">\r\nSubject: per " + to + "\r\nMessage-ID: <" + System.nanoTime()
                + "@a.test>\r\n\r\nbody\r\n";
    }

    private long inbox(String address) {
        return db.count("SELECT COUNT(*) FROM stored_message s JOIN mail_folder f ON f.id = s.folder_id"
                + " JOIN mailbox m ON m.id = f.mailbox_id WHERE m.address = '" + address + "' AND f.name = 'INBOX'");
    }

    private static Throwable outcome(CompletableFuture<Void> f) throws InterruptedException {
        try {
            f.get(60, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a transaction never finished", e);
        }
    }

    @Test
    void withoutTheLocksTwoTransactionsInOppositeOrdersShouldDeadlock() throws Exception {
        CountDownLatch a = new CountDownLatch(1);
        CountDownLatch b = new CountDownLatch(1);
        CompletableFuture<Void> one = depositBoth(BOB, ANN, false, a, b);
        CompletableFuture<Void> two = depositBoth(ANN, BOB, false, b, a);

        Throwable first = outcome(one);
        Throwable second = outcome(two);

        // the database breaks the cycle (deadlock detected, or a lock wait that times out): one of them fails
        assertThat(first == null ? second : first).as("one transaction of the cycle fails").isNotNull();
        assertThat(inbox(BOB) + inbox(ANN)).isLessThan(4);
    }

    @Test
    void withTheLocksTakenFirstTwoTransactionsInOppositeOrdersShouldBothCommit() throws Exception {
        CountDownLatch a = new CountDownLatch(1);
        CountDownLatch b = new CountDownLatch(1);
        CompletableFuture<Void> one = depositBoth(BOB, ANN, true, a, b);
        a.await(30, TimeUnit.SECONDS);
        CompletableFuture<Void> two = depositBoth(ANN, BOB, true, b, a);

        assertThat(outcome(one)).isNull();
        assertThat(outcome(two)).isNull();
        assertThat(inbox(BOB)).isEqualTo(2);
        assertThat(inbox(ANN)).isEqualTo(2);
        assertThat(db.count("SELECT MAX(uid_next) FROM mail_folder f JOIN mailbox m ON m.id = f.mailbox_id"
                + " WHERE f.name = 'INBOX'")).as("two UIDs handed out per INBOX, none twice").isEqualTo(3);
    }

    @Test
    void lockingNoKnownMailboxShouldDoNothing() {
        EntityManager em = db.entityManager();
        try {
            em.getTransaction().begin();
            new JpaMessageStore(em).lockInboxes(List.of("nobody@b.test", ""));
            new JpaMessageStore(em).lockInboxes(List.of());
            em.getTransaction().commit();
        } finally {
            em.close();
        }
    }
}
