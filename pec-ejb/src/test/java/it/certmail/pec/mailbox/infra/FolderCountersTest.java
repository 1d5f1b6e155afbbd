package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mailbox.domain.QuotaExceededException;
import it.certmail.pec.mailbox.model.MailFolder;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.StoredMessage;

/**
 * The folder counts the store keeps (messages, unseen, bytes) against a recount of the rows, after a random run of
 * every operation that adds, removes or flags messages, through two persistence contexts that are never cleared (so
 * each works on copies the other has made stale), and with concurrent deliveries to one folder.
 */
class FolderCountersTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private static final String BOB = "bob@b.test";

    TestDatabase db;
    private final List<EntityManager> ems = new ArrayList<>();
    private BlobStore blobs;
    private int serial;

    TestDatabase database() {
        return TestDatabase.h2();
    }

    @BeforeEach
    void mailbox() throws MailboxException {
        db = database();
        blobs = new BlobStore(db.dataSource, CLOCK, 1000);
        EntityManager em = em();
        JpaMailboxDirectory directory = new JpaMailboxDirectory(em);
        tx(em, () -> directory.createDomain("b.test", T0));
        tx(em, () -> directory.createMailbox(new NewMailbox(BOB, "password1", "Bob", null, null), p -> "$h", T0));
        tx(em, () -> directory.createMailbox(new NewMailbox("ann@b.test", "password1", "Ann", null, null), p -> "$h", T0));
        em.clear();
    }

    @AfterEach
    void close() {
        ems.forEach(EntityManager::close);
        if (db != null) {
            db.close();
        }
    }

    private synchronized EntityManager em() {
        EntityManager em = db.entityManager();
        ems.add(em);
        return em;
    }

    interface Work<T> {
        T run() throws Exception;
    }

    /** One transaction; the context is NOT cleared afterwards (stale copies are the point). */
    private static <T> T tx(EntityManager em, Work<T> work) throws MailboxException {
        em.getTransaction().begin();
        try {
            T result = work.run();
            em.getTransaction().commit();
            return result;
        } catch (MailboxException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
        }
    }

    private synchronized BlobRef newBlob(int bytes) throws IOException {
        String raw = "From: x@a.test\r\nSubject: m" + (++serial) + "\r\nMessage-ID: <" + serial + "@a.test>\r\n\r\n"
                + "x".repeat(bytes) + "\r\n";
        return blobs.store(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    private static it.certmail.pec.mailbox.domain.MessageSummary summary() throws IOException {
        return MessageSummaryReader.read(new ByteArrayInputStream(
                "From: x@a.test\r\nSubject: s\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
    }

    /** Every folder of both mailboxes: the kept counts equal the recount; returns how many messages there are. */
    private long assertCountsMatch(String when) throws MailboxException {
        EntityManager check = db.entityManager();
        try {
            JpaMessageStore store = new JpaMessageStore(check);
            long total = 0;
            for (String address : List.of(BOB, "ann@b.test")) {
                for (MailFolder f : store.folders(address)) {
                    JpaMessageStore.FolderCounts kept = JpaMessageStore.counts(f);
                    assertThat(kept).as(when + ": " + address + " " + f.getName()).isEqualTo(store.recount(f));
                    total += kept.messages();
                }
            }
            return total;
        } finally {
            check.close();
        }
    }

    @Test
    void countsShouldEqualTheRecountAfterARandomRunOfEveryOperation() throws Exception {
        long seed = Long.getLong("pec.test.seed", System.nanoTime());
        Random random = new Random(seed);
        List<EntityManager> contexts = List.of(em(), em());
        List<String> ownFolders = new ArrayList<>();
        int created = 0;
        for (int step = 0; step < 220; step++) {
            EntityManager em = contexts.get(random.nextInt(contexts.size()));
            JpaMessageStore store = new JpaMessageStore(em);
            List<String> folders = new ArrayList<>(List.of("INBOX", "Sent", "Trash", "Archive"));
            folders.addAll(ownFolders);
            String folder = folders.get(random.nextInt(folders.size()));
            String other = folders.get(random.nextInt(folders.size()));
            int op = random.nextInt(100);
            String what;
            if (op < 30) {
                BlobRef blob = newBlob(10 + random.nextInt(500));
                Set<String> flags = random.nextBoolean() ? Set.of("\\Seen") : Set.of();
                what = "deliver to " + folder + " " + flags;
                tx(em, () -> store.deliver(BOB, folder, blob, summary(), flags, T0));
                if (random.nextInt(10) == 0) {
                    BlobRef annBlob = newBlob(20);
                    tx(em, () -> store.deliver("ann@b.test", "INBOX", annBlob, summary(), Set.of(), T0));
                }
            } else if (op < 38) {
                BlobRef blob = newBlob(10 + random.nextInt(500));
                Set<String> flags = random.nextBoolean() ? Set.of("\\Seen", "$Label1") : Set.of("\\Draft");
                what = "append to " + folder;
                tx(em, () -> store.append(BOB, folder, blob, summary(), flags, T0));
            } else if (op < 56) {
                boolean move = op >= 48;
                List<Long> uids = someUids(em, folder, random);
                what = (move ? "move " : "copy ") + uids + " " + folder + " -> " + other;
                try {
                    tx(em, () -> store.copy(BOB, folder, uids, other, move));
                } catch (QuotaExceededException e) {
                    what += " (over quota)";
                }
            } else if (op < 78) {
                List<Long> uids = someUids(em, folder, random);
                String flag = List.of("\\Seen", "\\Seen", "\\Deleted", "\\Flagged").get(random.nextInt(4));
                boolean add = random.nextBoolean();
                what = (add ? "+" : "-") + flag + " " + uids + " in " + folder;
                tx(em, () -> store.updateFlags(BOB, folder, uids, flags -> {
                    if (add) {
                        flags.add(flag);
                    } else {
                        flags.remove(flag);
                    }
                    return flags;
                }, -1));
            } else if (op < 86) {
                boolean some = random.nextBoolean();
                List<Long> uids = some ? someUids(em, folder, random) : null;
                what = "expunge " + folder + (some ? " " + uids : "");
                tx(em, () -> store.expunge(BOB, folder, uids));
            } else if (op < 90) {
                what = "delete the archive";
                tx(em, () -> {
                    Mailbox m = new JpaMailboxDirectory(em).find(BOB).orElseThrow();
                    return new MailboxContent(em).deleteArchive(m);
                });
            } else if (op < 95) {
                String name = "Work/" + (++created);
                what = "create " + name;
                tx(em, () -> store.createFolder(BOB, name, T0));
                ownFolders.add(name);
            } else if (!ownFolders.isEmpty() && op < 98) {
                String name = ownFolders.remove(random.nextInt(ownFolders.size()));
                what = "delete " + name;
                tx(em, () -> {
                    store.deleteFolder(BOB, name);
                    return null;
                });
            } else if (!ownFolders.isEmpty()) {
                int i = random.nextInt(ownFolders.size());
                String name = "Work/renamed" + (++created);
                what = "rename " + ownFolders.get(i) + " to " + name;
                String from = ownFolders.get(i);
                tx(em, () -> {
                    store.renameFolder(BOB, from, name);
                    return null;
                });
                ownFolders.set(i, name);
            } else {
                what = "nothing";
            }
            assertCountsMatch("seed " + seed + ", step " + step + " (" + what + ")");
        }
        assertThat(assertCountsMatch("seed " + seed + " at the end")).isPositive();
    }

    /** A random subset of the folder's UIDs as the database has them now (plus one that does not exist). */
    private static List<Long> someUids(EntityManager em, String folder, Random random) throws MailboxException {
        EntityManager fresh = em.getEntityManagerFactory().createEntityManager();
        try {
            List<StoredMessage> all = new JpaMessageStore(fresh).list(BOB, folder);
            Set<Long> out = new HashSet<>();
            for (StoredMessage m : all) {
                if (random.nextInt(3) == 0) {
                    out.add(m.getUid());
                }
            }
            out.add(999_999L);
            return List.copyOf(out);
        } finally {
            fresh.close();
        }
    }

    @Test
    void concurrentDeliveriesAndFlagChangesToOneFolderShouldKeepTheCounts() throws Exception {
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                boolean seen = t == 0;
                work.add(() -> {
                    EntityManager em = em();
                    JpaMessageStore store = new JpaMessageStore(em);
                    for (int i = 0; i < perThread; i++) {
                        BlobRef blob = newBlob(100 + i);
                        tx(em, () -> store.deliver(BOB, "INBOX", blob, summary(), seen ? Set.of("\\Seen") : Set.of(), T0));
                    }
                    return null;
                });
            }
            work.add(() -> {
                EntityManager em = em();
                JpaMessageStore store = new JpaMessageStore(em);
                for (int i = 0; i < perThread; i++) {
                    boolean add = i % 2 == 0;
                    List<Long> uids = List.of((long) i, (long) i + 1, (long) i + 2);
                    tx(em, () -> store.updateFlags(BOB, "INBOX", uids, flags -> {
                        if (add) {
                            flags.add("\\Seen");
                        } else {
                            flags.remove("\\Seen");
                        }
                        return flags;
                    }, -1));
                }
                return null;
            });
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(assertCountsMatch("after the concurrent run")).isEqualTo(2L * perThread);
    }
}
