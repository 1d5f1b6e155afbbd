package it.certmail.pec.transport.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.crypto.MessageSigner;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.index.domain.InMemoryProviderIndex;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.receipts.infra.OriginalMessage;
import it.certmail.pec.receipts.infra.PecMessageClassifier;
import it.certmail.pec.receipts.infra.PecMessageComposer;
import it.certmail.pec.receipts.infra.PecTestProvider;
import it.certmail.pec.transport.model.WorkQueue;
import it.certmail.pec.transport.model.WorkState;
import it.certmail.pec.transport.queue.InMemoryWorkQueue;
import it.certmail.pec.transport.queue.WorkRetries;

/**
 * The group commit of reception work ({@link ReceptionBatch}) in the step harness, on the REAL {@link ReceptionPoint}:
 * envelopes our own access point queued (sender <i>i</i> to recipient <i>i</i>, as the benchmark sends them) are
 * claimed by hand and taken through a shell that runs each call in one transaction of the {@link InMemoryTransport}
 * (the work queue's settling staged until its commit, {@link StagedWorkQueue}), as the EJB does. Checked: a batch
 * commits once; a bad item makes the batch commit nothing and is then failed alone while the others commit; a held
 * item is held inside the batch; a crash in the batch or in the one-by-one pass after it loses nothing and doubles
 * nothing.
 */
class ReceptionBatchHarnessTest {

    private static final Instant T0 = PecTestProvider.TIME;
    private static final String OURS = PecTestProvider.DOMAIN;
    private static final String SERVICE = PecTestProvider.SERVICE_ADDRESS;
    private static final int PAIRS = 5;
    private static final Instant AFTER_LEASE = T0.plus(it.certmail.pec.transport.queue.WorkQueue.LEASE).plusSeconds(1);

    /** The process dies: not an exception the shell or the batch could handle. */
    private static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    private final InMemoryWorkQueue queue = new InMemoryWorkQueue(WorkRetries.standard());
    private final StagedWorkQueue staged = new StagedWorkQueue(queue);
    private final InMemoryTransport transport = new InMemoryTransport(PecTestProvider.NAME, SERVICE, Set.of(OURS),
            queue);
    private final PecMessageClassifier classifier = new PecMessageClassifier(
            new SmimeVerifier(List.of(PecTestProvider.material().caCertificate()), Clock.fixed(T0, ZoneOffset.UTC)),
            InMemoryProviderIndex.of(PecTestProvider.record()));
    private PecMessageComposer ours;
    private ReceptionBatch batch;
    private int commits;

    @BeforeEach
    void setUp() {
        MessageSigner key = PecTestProvider.signer(SignatureProfile.DEFAULT);
        // our key, noting each signature in the journal: signatures and locks are checked in order
        MessageSigner journaled = new MessageSigner() {
            @Override
            public MimeMultipart sign(MimeBodyPart content, Instant signingTime) throws MessagingException {
                transport.journal.add("sign");
                return key.sign(content, signingTime);
            }

            @Override
            public String signerAddress() {
                return key.signerAddress();
            }
        };
        ours = new PecMessageComposer(journaled, PecTestProvider.NAME, OURS,
                new PecMessageIds("test", OURS, new Random(42)));
        ReceptionPoint point = new ReceptionPoint(transport.blobs(), transport.mailboxes(), transport.notices(),
                classifier::classify, transport.tracking(), transport.log(), transport.antivirus(), () -> ours,
                transport.identity());
        batch = new ReceptionBatch(staged, transport.inboxLocks(), point, transport.blobs());
        for (int i = 0; i < PAIRS; i++) {
            transport.addMailbox(sender(i), true, false);
            transport.addMailbox(recipient(i), true, false);
        }
        transport.addMailbox(SERVICE, true, false);
    }

    private static String sender(int i) {
        return "mittente" + i + "@" + OURS;
    }

    private static String recipient(int i) {
        return "destinatario" + i + "@" + OURS;
    }

    // ---- the shell, as ReceptionService and TransportWorkers are

    /**
     * Each call one transaction: committed when everything in it went through, rolled back whatever is thrown; the
     * process dies (a {@link Crash}, nothing committed) in the call after {@code commitsBeforeCrash} commits.
     */
    private ReceptionBatch.Transactions shell(String owner, Instant now, int commitsBeforeCrash) {
        int[] left = {commitsBeforeCrash};
        return new ReceptionBatch.Transactions() {
            @Override
            public void receiveInOne(List<Long> ids) throws Exception {
                transport.begin();
                staged.begin();
                try {
                    batch.receive(ids, owner, now);
                    if (left[0]-- == 0) {
                        throw new Crash();
                    }
                    staged.commit();
                    transport.commit(now);
                    commits++;
                } catch (Exception | Error e) {
                    staged.rollback();
                    transport.rollback();
                    throw e;
                }
            }

            @Override
            public void attemptFailed(long id, Exception failure) {
                assertThat(queue.fail(id, owner, failure.toString(), now)).isTrue();
            }
        };
    }

    private ReceptionBatch.Transactions shell(String owner, Instant now) {
        return shell(owner, now, Integer.MAX_VALUE);
    }

    private ReceptionBatch.Pass pass(String owner, Instant now) {
        return ReceptionBatch.process(queue.claim(WorkQueue.RECEPTION, owner, 10, now), shell(owner, now));
    }

    // ---- the work

    /** Sender i to recipient i, queued by our own access point; returns the work item. */
    private long queueEnvelope(int i) throws MessagingException {
        String eml = "From: <" + sender(i) + ">\nTo: <" + recipient(i) + ">\nSubject: Verbale " + i
                + "\nDate: Mon, 10 Mar 2025 11:15:00 +0100\nMessage-ID: <" + i + "@client.example>\n"
                + "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\nBuongiorno " + i + "\n";
        byte[] original = eml.getBytes(StandardCharsets.UTF_8);
        TransactionFacts tx = OriginalMessage.of(original).facts(sender(i), List.of(Recipient.certified(recipient(i))),
                String.format("opec1.20250310111530.test.%d.%016x@%s", i, 0xa0 + i, OURS));
        byte[] envelope = PecTestProvider.bytes(ours.transportEnvelope(OriginalMessage.of(original), tx, T0));
        return queueWork(transport.storeCommitted(envelope), sender(i), recipient(i), ReceptionWork.OWN_ACCESS_POINT);
    }

    private long queueWork(long blob, String mailFrom, String recipient, String target) {
        return queue.enqueue(new it.certmail.pec.transport.queue.WorkQueue.NewWork(WorkQueue.RECEPTION, blob, mailFrom,
                List.of(recipient), target, true, T0.plus(Duration.ofHours(24))), T0);
    }

    private List<Long> queueEnvelopes() throws MessagingException {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            ids.add(queueEnvelope(i));
        }
        return ids;
    }

    private WorkState state(long id) {
        return queue.find(id).orElseThrow().state();
    }

    /** Pair i delivered exactly once: the envelope in the recipient's INBOX, the consegna in the sender's. */
    private void deliveredOnce(int i) {
        assertThat(transport.kinds(recipient(i))).as("recipient " + i).containsExactly("TRANSPORT_ENVELOPE");
        assertThat(transport.kinds(sender(i))).as("sender " + i).containsExactly("DELIVERY");
    }

    private void notDelivered(int i) {
        assertThat(transport.inbox(recipient(i))).as("recipient " + i).isEmpty();
        assertThat(transport.inbox(sender(i))).as("sender " + i).isEmpty();
    }

    // ---- the batch

    @Test
    void aBatchShouldBeReceivedInOneTransactionWithTheInboxesLockedFirstInOneOrder() throws Exception {
        List<Long> ids = queueEnvelopes();
        transport.journal.clear();

        ReceptionBatch.Pass pass = pass("node-a/reception-0", T0);

        assertThat(pass.grouped()).isTrue();
        assertThat(pass.batchFailure()).isNull();
        assertThat(commits).as("one commit for the five").isEqualTo(1);
        for (int i = 0; i < PAIRS; i++) {
            assertThat(state(ids.get(i))).isEqualTo(WorkState.DONE);
            deliveredOnce(i);
            // the work's reference went to the envelope in the recipient's INBOX
            assertThat(transport.references(queue.find(ids.get(i)).orElseThrow().blobId())).isEqualTo(1);
        }
        assertThat(transport.logged(LogEventType.CONSEGNA)).hasSize(PAIRS);
        assertThat(transport.logged(LogEventType.PRESA_IN_CARICO)).hasSize(PAIRS);
        // every signature of the batch made first; then every INBOX it writes to locked once, in one order, before
        // the first tracking lock or deposit of any item
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            expected.add(sender(i));
            expected.add(recipient(i));
        }
        List<String> j = transport.journal;
        int locked = j.indexOf("lock inboxes " + expected.stream().sorted().toList());
        assertThat(locked).isPositive();
        assertThat(j).filteredOn(e -> e.startsWith("lock inboxes")).hasSize(1);
        assertThat(j.subList(0, locked)).filteredOn("sign"::equals).as("presa in carico and consegna, each item")
                .hasSize(2 * PAIRS);
        assertThat(j.subList(locked, j.size())).doesNotContain("sign");
        assertThat(j.subList(0, locked)).noneMatch(e -> e.startsWith("deposit") || e.startsWith("lock opec"));
        assertThat(pass("node-b/reception-0", AFTER_LEASE.plus(Duration.ofHours(1))).grouped())
                .as("nothing left to claim").isFalse();
        assertThat(commits).isEqualTo(1);
    }

    @Test
    void aBadItemShouldRollTheBatchBackThenFailAloneWhileTheOthersCommitEachOnce() throws Exception {
        List<Long> ids = queueEnvelopes();
        // its message is gone: it fails every time it is received
        long bad = queueWork(999_999, sender(0), recipient(0), ReceptionWork.OWN_ACCESS_POINT);
        ids.add(2, bad);

        ReceptionBatch.Pass pass = pass("node-a/reception-0", T0);

        assertThat(pass.grouped()).isFalse();
        assertThat(pass.batchFailure()).hasMessageContaining("blob 999999 is gone");
        assertThat(pass.failedAlone()).isEqualTo(1);
        assertThat(commits).as("the batch committed nothing, then each good item alone").isEqualTo(PAIRS);
        for (int i = 0; i < PAIRS; i++) {
            deliveredOnce(i);
        }
        assertThat(transport.logged(LogEventType.CONSEGNA)).hasSize(PAIRS);
        it.certmail.pec.transport.queue.WorkQueue.Work failed = queue.find(bad).orElseThrow();
        assertThat(failed.state()).isEqualTo(WorkState.QUEUED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.leaseOwner()).isNull();
        assertThat(failed.lastError()).contains("blob 999999 is gone");
        assertThat(ids).filteredOn(id -> id != bad).allSatisfy(id -> assertThat(state(id)).isEqualTo(WorkState.DONE));

        // retried on its own schedule, alone, until held; nothing else is received again
        Instant now = failed.nextAttemptAt();
        for (int attempt = 2; attempt <= WorkRetries.RECEPTION_ATTEMPTS_BEFORE_HOLD; attempt++) {
            assertThat(pass("node-a/reception-0", now).failedAlone()).isEqualTo(1);
            now = queue.find(bad).orElseThrow().nextAttemptAt();
        }
        assertThat(state(bad)).isEqualTo(WorkState.HELD);
        for (int i = 0; i < PAIRS; i++) {
            deliveredOnce(i);
        }
        assertThat(commits).isEqualTo(PAIRS);
    }

    @Test
    void anItemThatIsNotAMessageShouldBeHeldInsideTheBatchWithoutBreakingIt() throws Exception {
        List<Long> ids = queueEnvelopes();
        long garbage = queueWork(transport.storeCommitted(new byte[] {0, 1, 2, 3, (byte) 0xff, 0x7f, 0, 0}),
                "qualcuno@example.org", recipient(3), "198.51.100.4");

        ReceptionBatch.Pass pass = pass("node-a/reception-0", T0);

        assertThat(pass.grouped()).isTrue();
        assertThat(commits).isEqualTo(1);
        assertThat(state(garbage)).isEqualTo(WorkState.HELD);
        assertThat(queue.find(garbage).orElseThrow().lastError()).startsWith("not an RFC 5322 message");
        ids.forEach(id -> assertThat(state(id)).isEqualTo(WorkState.DONE));
        for (int i = 0; i < PAIRS; i++) {
            deliveredOnce(i);
        }
    }

    @Test
    void aCrashInTheBatchShouldLoseItAllAndEachItemBeReceivedOnceAfterTheLeases() throws Exception {
        List<Long> ids = queueEnvelopes();
        List<Long> claimed = queue.claim(WorkQueue.RECEPTION, "node-a/reception-0", 10, T0);
        assertThat(claimed).containsExactlyElementsOf(ids);

        assertThatThrownBy(() -> ReceptionBatch.process(claimed, shell("node-a/reception-0", T0, 0)))
                .isInstanceOf(Crash.class);

        assertThat(commits).isZero();
        for (int i = 0; i < PAIRS; i++) {
            notDelivered(i);
        }
        assertThat(transport.state().log).isEmpty();
        ids.forEach(id -> assertThat(queue.find(id).orElseThrow().leaseOwner()).isEqualTo("node-a/reception-0"));
        // still leased to the dead worker: nobody takes them yet
        assertThat(queue.claim(WorkQueue.RECEPTION, "node-b/reception-0", 10, T0.plusSeconds(30))).isEmpty();

        ReceptionBatch.Pass pass = pass("node-b/reception-0", AFTER_LEASE);

        assertThat(pass.grouped()).isTrue();
        ids.forEach(id -> assertThat(state(id)).isEqualTo(WorkState.DONE));
        for (int i = 0; i < PAIRS; i++) {
            deliveredOnce(i);
        }
        assertThat(transport.logged(LogEventType.CONSEGNA)).hasSize(PAIRS);
        assertThat(staged.completeAll(ids, "node-a/reception-0")).as("the dead worker settles nothing").isZero();
    }

    @Test
    void aCrashInTheOneByOnePassShouldKeepWhatCommittedAndReceiveTheRestOnceAfterTheLeases() throws Exception {
        List<Long> ids = queueEnvelopes();
        long bad = queueWork(999_999, sender(0), recipient(0), ReceptionWork.OWN_ACCESS_POINT);
        List<Long> claimed = queue.claim(WorkQueue.RECEPTION, "node-a/reception-0", 10, T0);

        // the batch fails on the bad item; the first two good items commit alone; the process dies on the third
        assertThatThrownBy(() -> ReceptionBatch.process(claimed, shell("node-a/reception-0", T0, 2)))
                .isInstanceOf(Crash.class);

        assertThat(commits).isEqualTo(2);
        deliveredOnce(0);
        deliveredOnce(1);
        for (int i = 2; i < PAIRS; i++) {
            notDelivered(i);
        }

        ReceptionBatch.Pass pass = pass("node-b/reception-0", AFTER_LEASE);

        assertThat(pass.failedAlone()).as("the bad one, again alone").isEqualTo(1);
        for (int i = 0; i < PAIRS; i++) {
            deliveredOnce(i);
            assertThat(state(ids.get(i))).isEqualTo(WorkState.DONE);
        }
        assertThat(transport.logged(LogEventType.CONSEGNA)).hasSize(PAIRS);
        assertThat(queue.find(bad).orElseThrow().state()).isEqualTo(WorkState.QUEUED);
        assertThat(queue.find(bad).orElseThrow().attempts()).isEqualTo(1);
    }
}
