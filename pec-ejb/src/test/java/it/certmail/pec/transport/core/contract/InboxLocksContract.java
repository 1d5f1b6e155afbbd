package it.certmail.pec.transport.core.contract;

import static it.certmail.pec.transport.core.contract.ContractMessages.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.transport.core.InboxLocks;

/**
 * What the reception's group commit relies on from {@link InboxLocks}: a step that locked INBOXes holds them until it
 * ends, so another step locking any of them (in whatever order it names them) waits for it; a step may deposit in the
 * INBOXes it locked, and lock them again, without waiting on itself; addresses that are no mailbox of ours fail
 * nothing.
 */
public interface InboxLocksContract {

    /** Far longer than any step here: only a step that never ends (a lock never given back) reaches it. */
    Duration STUCK = Duration.ofSeconds(30);

    String BOB = "bob@" + PortsUnderTest.OUR_DOMAIN;
    String ANN = "ann@" + PortsUnderTest.OUR_DOMAIN;

    PortsUnderTest ports();

    private static LogEvent entry(String detail) {
        return new LogEvent(LogEventType.CONSEGNA, T0, "opec1.20261206@" + PortsUnderTest.OUR_DOMAIN, null, null,
                List.of(), null, List.of(), null, detail);
    }

    @Test
    default void oneStepShouldLockItsInboxesAgainAndDepositThereWithoutWaiting() throws Exception {
        PortsUnderTest ports = ports();
        ports.addMailbox(BOB, MailboxStatus.ACTIVE, false);
        ports.addMailbox(ANN, MailboxStatus.ACTIVE, false);
        byte[] busta = ContractMessages.message("busta");
        var blob = ports.inStep(p -> p.blobs().store(it.certmail.pec.mime.Spool.of(busta)));

        assertTimeoutPreemptively(STUCK, () -> ports.inStep(p -> {
            p.inboxLocks().lockInOrder(List.of(ANN, BOB.toUpperCase(java.util.Locale.ROOT), "nessuno@altrove.test"));
            p.inboxLocks().lockInOrder(List.of(BOB));
            p.receiving().deliver(BOB, blob, ContractMessages.summary(busta, "TRANSPORT_ENVELOPE"), T0);
            p.receiving().deliver(ANN, blob, ContractMessages.summary(busta, "TRANSPORT_ENVELOPE"), T0);
            p.log().record(entry("deposited"));
            return null;
        }));

        assertThat(ports.inbox(BOB)).hasSize(1);
        assertThat(ports.inbox(ANN)).hasSize(1);
        assertThat(ports.logged()).extracting(LogEvent::detail).containsExactly("deposited");
    }

    @Test
    default void aSecondStepLockingAnyOfTheSameInboxesShouldWaitForTheFirstToEnd() throws Exception {
        PortsUnderTest ports = ports();
        ports.addMailbox(BOB, MailboxStatus.ACTIVE, false);
        ports.addMailbox(ANN, MailboxStatus.ACTIVE, false);
        CountDownLatch firstLocked = new CountDownLatch(1);
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        ExecutorService steps = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = steps.submit(() -> ports.inStep(p -> {
                p.inboxLocks().lockInOrder(List.of(BOB, ANN));
                p.log().record(entry("first batch"));
                firstLocked.countDown();
                assertThat(firstMayEnd.await(STUCK.toSeconds(), TimeUnit.SECONDS)).isTrue();
                return null;
            }));
            assertThat(firstLocked.await(STUCK.toSeconds(), TimeUnit.SECONDS)).isTrue();
            Future<?> second = steps.submit(() -> ports.inStep(p -> {
                p.inboxLocks().lockInOrder(List.of(ANN, BOB));
                p.log().record(entry("second batch"));
                return null;
            }));

            // not a measure of speed: the second step must still be waiting while the first holds the locks
            Thread.sleep(500);
            assertThat(second.isDone()).as("the second step got past the first one's locks").isFalse();

            firstMayEnd.countDown();
            first.get(STUCK.toSeconds(), TimeUnit.SECONDS);
            second.get(STUCK.toSeconds(), TimeUnit.SECONDS);
        } finally {
            firstMayEnd.countDown();
            steps.shutdownNow();
        }

        assertThat(ports.logged()).extracting(LogEvent::detail).containsExactly("first batch", "second batch");
    }
}
