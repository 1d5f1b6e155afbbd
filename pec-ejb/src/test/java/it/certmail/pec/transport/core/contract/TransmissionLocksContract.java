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
import it.certmail.pec.mime.Spool;
import it.certmail.pec.transport.core.TransmissionLocks;

/**
 * What the reception point relies on from {@link TransmissionLocks}: two steps about one of our transmissions (its
 * presa in carico and its consegna filed at once) run one after the other, the second waiting for the first to end;
 * one step may lock the same transmission again (the tracking does, after the reception point); a transmission that
 * is not ours fails nothing.
 */
public interface TransmissionLocksContract {

    /** Far longer than any step here: only a step that never ends (a lock never given back) reaches it. */
    Duration STUCK = Duration.ofSeconds(30);

    PortsUnderTest ports();

    private static String opened(PortsUnderTest ports) throws Exception {
        long envelope = ports.inStep(p -> p.blobs().store(Spool.of(ContractMessages.message("busta")))).id();
        String msgid = "opec1.20261206@" + PortsUnderTest.OUR_DOMAIN;
        ports.inStep(p -> {
            p.transmissions().open(TransmissionRecordsContract.transmission(msgid, envelope));
            return null;
        });
        return msgid;
    }

    private static LogEvent entry(String detail) {
        return new LogEvent(LogEventType.RICEZIONE_RICEVUTA, T0, "opec1.20261206@" + PortsUnderTest.OUR_DOMAIN, null,
                null, List.of(), null, List.of(), "Gestore Altro", detail);
    }

    @Test
    default void aTransmissionThatIsNotOursShouldFailNothing() throws Exception {
        PortsUnderTest ports = ports();
        opened(ports);

        ports.inStep(p -> {
            p.locks().lockTransmission("opec-altrui.20261206@" + PortsUnderTest.OTHER_DOMAIN);
            p.log().record(entry("not ours"));
            return null;
        });

        assertThat(ports.logged()).extracting(LogEvent::detail).containsExactly("not ours");
    }

    @Test
    default void oneStepShouldLockTheSameTransmissionAgainWithoutWaiting() throws Exception {
        PortsUnderTest ports = ports();
        String msgid = opened(ports);

        assertTimeoutPreemptively(STUCK, () -> ports.inStep(p -> {
            p.locks().lockTransmission(msgid);
            p.locks().lockTransmission(msgid);
            p.log().record(entry("locked twice"));
            return null;
        }));

        assertThat(ports.logged()).extracting(LogEvent::detail).containsExactly("locked twice");
    }

    @Test
    default void aSecondStepShouldWaitForTheFirstStepToEnd() throws Exception {
        PortsUnderTest ports = ports();
        String msgid = opened(ports);
        CountDownLatch firstLocked = new CountDownLatch(1);
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        ExecutorService steps = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = steps.submit(() -> ports.inStep(p -> {
                p.locks().lockTransmission(msgid);
                p.log().record(entry("presa in carico"));
                firstLocked.countDown();
                assertThat(firstMayEnd.await(STUCK.toSeconds(), TimeUnit.SECONDS)).isTrue();
                return null;
            }));
            assertThat(firstLocked.await(STUCK.toSeconds(), TimeUnit.SECONDS)).isTrue();
            Future<?> second = steps.submit(() -> ports.inStep(p -> {
                p.locks().lockTransmission(msgid);
                p.log().record(entry("consegna"));
                return null;
            }));

            // not a measure of speed: the second step must still be waiting while the first holds the lock
            Thread.sleep(500);
            assertThat(second.isDone()).as("the second step got past the first one's lock").isFalse();

            firstMayEnd.countDown();
            first.get(STUCK.toSeconds(), TimeUnit.SECONDS);
            second.get(STUCK.toSeconds(), TimeUnit.SECONDS);
        } finally {
            firstMayEnd.countDown();
            steps.shutdownNow();
        }

        assertThat(ports.logged()).extracting(LogEvent::detail).containsExactly("presa in carico", "consegna");
    }
}
