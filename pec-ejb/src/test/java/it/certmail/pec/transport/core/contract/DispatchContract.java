package it.certmail.pec.transport.core.contract;

import static it.certmail.pec.transport.core.contract.ContractMessages.T0;
import static it.certmail.pec.transport.core.contract.ContractMessages.mime;
import static it.certmail.pec.transport.core.contract.ContractMessages.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.transport.core.Dispatch;
import it.certmail.pec.transport.core.ReceptionWork;
import it.certmail.pec.transport.model.WorkQueue;
import it.certmail.pec.transport.queue.WorkQueue.Work;

/**
 * What the access point relies on from {@link Dispatch}: a composed message is stored once, exactly as composed, and
 * queued once for our own reception point (every recipient in our domains, marked as our access point's) and once
 * per other domain for the relay (domains in any case); each piece of work holds a reference of its own and the
 * caller none; nothing is queued or kept when the step rolls back.
 */
public interface DispatchContract {

    String MARIO = "mario@" + PortsUnderTest.OUR_DOMAIN;

    PortsUnderTest ports();

    @Test
    default void aMessageShouldBeStoredOnceAndQueuedForUsAndOncePerOtherDomain() throws Exception {
        PortsUnderTest ports = ports();
        MimeMessage message = mime("busta di trasporto");
        List<String> rcpts = List.of("anna@" + PortsUnderTest.OUR_DOMAIN, "c1@" + PortsUnderTest.OTHER_DOMAIN,
                "bea@" + PortsUnderTest.OUR_DOMAIN, "d@" + PortsUnderTest.THIRD_DOMAIN,
                "c2@" + PortsUnderTest.OTHER_DOMAIN);

        BlobRef blob = ports.inStep(p -> p.dispatch().dispatch(message, MARIO, rcpts, T0));

        assertThat(ports.queued()).extracting(Work::queue, Work::target, Work::recipients, Work::mailFrom, Work::blobId)
                .containsExactlyInAnyOrder(
                        tuple(WorkQueue.RECEPTION, ReceptionWork.OWN_ACCESS_POINT,
                                List.of("anna@" + PortsUnderTest.OUR_DOMAIN, "bea@" + PortsUnderTest.OUR_DOMAIN),
                                MARIO, blob.id()),
                        tuple(WorkQueue.RELAY, PortsUnderTest.OTHER_DOMAIN,
                                List.of("c1@" + PortsUnderTest.OTHER_DOMAIN, "c2@" + PortsUnderTest.OTHER_DOMAIN),
                                MARIO, blob.id()),
                        tuple(WorkQueue.RELAY, PortsUnderTest.THIRD_DOMAIN, List.of("d@" + PortsUnderTest.THIRD_DOMAIN),
                                MARIO, blob.id()));
        assertThat(ports.references(blob.id())).as("one per piece of work, none for the caller").isEqualTo(3);
        byte[] composed = ContractMessages.bytes(message);
        assertThat(ports.<byte[]>inStep(p -> read(p.blobs(), blob.id()))).isEqualTo(composed);
        assertThat(blob.size()).isEqualTo(composed.length);
    }

    @Test
    default void recipientsOfOneDomainInAnyCaseShouldBeOnePieceOfWork() throws Exception {
        PortsUnderTest ports = ports();

        BlobRef blob = ports.inStep(p -> p.dispatch().dispatch(mime("maiuscole"), MARIO,
                List.of("C1@PEC.Altro.TEST", "c2@pec.altro.test", "Anna@PEC.Nostro.Test"), T0));

        assertThat(ports.queued()).extracting(Work::queue, Work::target, Work::recipients).containsExactlyInAnyOrder(
                tuple(WorkQueue.RELAY, PortsUnderTest.OTHER_DOMAIN, List.of("C1@PEC.Altro.TEST", "c2@pec.altro.test")),
                tuple(WorkQueue.RECEPTION, ReceptionWork.OWN_ACCESS_POINT, List.of("Anna@PEC.Nostro.Test")));
        assertThat(ports.references(blob.id())).isEqualTo(2);
    }

    @Test
    default void aMessageForOtherProvidersOnlyShouldNotGoToOurReceptionPoint() throws Exception {
        PortsUnderTest ports = ports();

        BlobRef blob = ports.inStep(p -> p.dispatch().dispatch(mime("solo fuori"), MARIO,
                List.of("c1@" + PortsUnderTest.OTHER_DOMAIN), T0));

        assertThat(ports.queued()).singleElement().satisfies(w -> {
            assertThat(w.queue()).isEqualTo(WorkQueue.RELAY);
            assertThat(w.target()).isEqualTo(PortsUnderTest.OTHER_DOMAIN);
        });
        assertThat(ports.references(blob.id())).isEqualTo(1);
    }

    @Test
    default void aDomainOfOursCreatedWhileRunningShouldGoToOurReceptionPoint() throws Exception {
        PortsUnderTest ports = ports();
        ports.addLocalDomain("pec.nuovo.test");

        ports.inStep(p -> p.dispatch().dispatch(mime("dominio nuovo"), MARIO, List.of("zoe@pec.nuovo.test"), T0));

        assertThat(ports.queued()).extracting(Work::queue, Work::target)
                .containsExactly(tuple(WorkQueue.RECEPTION, ReceptionWork.OWN_ACCESS_POINT));
    }

    @Test
    default void nothingShouldBeQueuedOrKeptWhenTheStepRollsBack() throws Exception {
        PortsUnderTest ports = ports();
        AtomicLong blob = new AtomicLong();

        ports.rolledBack(p -> {
            blob.set(p.dispatch().dispatch(mime("annullata"), MARIO,
                    List.of("anna@" + PortsUnderTest.OUR_DOMAIN, "c1@" + PortsUnderTest.OTHER_DOMAIN), T0).id());
            return null;
        });

        assertThat(ports.queued()).isEmpty();
        assertThat(ports.references(blob.get())).isZero();
    }
}
