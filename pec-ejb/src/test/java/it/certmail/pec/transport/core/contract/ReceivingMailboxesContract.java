package it.certmail.pec.transport.core.contract;

import static it.certmail.pec.transport.core.contract.ContractMessages.T0;
import static it.certmail.pec.transport.core.contract.ContractMessages.message;
import static it.certmail.pec.transport.core.contract.ContractMessages.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.transport.core.ReceivingMailboxes;

/**
 * What the delivery point relies on from {@link ReceivingMailboxes}: a deposit lands in the INBOX of a mailbox that
 * receives (active, or receive-only in its grace period), in order, with the summary it was given, and takes a
 * reference of its own on the blob; a mailbox that does not receive, or does not exist, gets nothing and holds
 * nothing; the standing tells the two apart; addresses in any case; deposits kept or dropped with the step.
 */
public interface ReceivingMailboxesContract {

    String ANNA = "anna@" + PortsUnderTest.OUR_DOMAIN;
    String BEA = "bea@" + PortsUnderTest.OUR_DOMAIN;
    String CARLO = "carlo@" + PortsUnderTest.OUR_DOMAIN;
    String NOBODY = "nessuno@" + PortsUnderTest.OUR_DOMAIN;

    PortsUnderTest ports();

    /** Anna active, Bea receive-only (and takes ordinary mail), Carlo disabled. */
    private PortsUnderTest withMailboxes() {
        PortsUnderTest ports = ports();
        ports.addMailbox(ANNA, MailboxStatus.ACTIVE, false);
        ports.addMailbox(BEA, MailboxStatus.RECEIVE_ONLY, true);
        ports.addMailbox(CARLO, MailboxStatus.DISABLED, true);
        return ports;
    }

    private static BlobRef stored(PortsUnderTest ports, byte[] bytes) throws Exception {
        return ports.inStep(p -> p.blobs().store(Spool.of(bytes)));
    }

    @Test
    default void aMailboxThatReceivesShouldGetTheDepositInItsInboxWithAReferenceOfItsOwn() throws Exception {
        PortsUnderTest ports = withMailboxes();
        byte[] bytes = message("consegna");
        BlobRef blob = stored(ports, bytes);

        boolean delivered = ports.inStep(p -> {
            boolean d = p.receiving().deliverIfReceiving(ANNA, blob, summary(bytes, "TRANSPORT_ENVELOPE"),
                    T0.plusSeconds(5));
            // as the reception point does once the work is settled: its own reference goes, the deposit's stays
            p.blobs().release(blob.id());
            return d;
        });

        assertThat(delivered).isTrue();
        assertThat(ports.inbox(ANNA)).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("consegna");
            assertThat(m.pecKind()).isEqualTo("TRANSPORT_ENVELOPE");
            assertThat(m.at()).isEqualTo(T0.plusSeconds(5));
            assertThat(m.bytes()).isEqualTo(bytes);
        });
        assertThat(ports.references(blob.id())).as("the message in the INBOX holds the blob").isEqualTo(1);
    }

    @Test
    default void aDepositWithTheCallersReferenceShouldTakeNoneOfItsOwn() throws Exception {
        PortsUnderTest ports = withMailboxes();
        byte[] bytes = message("consegna, riferimento ceduto");
        BlobRef blob = stored(ports, bytes);

        // a mailbox that does not receive takes nothing: the caller still holds its reference
        assertThat(ports.<Boolean>inStep(p -> p.receiving().deliverIfReceivingWithCallersReference(CARLO, blob,
                summary(bytes, "TRANSPORT_ENVELOPE"), T0))).isFalse();
        assertThat(ports.references(blob.id())).as("only the caller's").isEqualTo(1);

        // deposited: the message holds the caller's reference, and the caller releases nothing
        assertThat(ports.<Boolean>inStep(p -> p.receiving().deliverIfReceivingWithCallersReference(ANNA, blob,
                summary(bytes, "TRANSPORT_ENVELOPE"), T0))).isTrue();
        assertThat(ports.inbox(ANNA)).singleElement().satisfies(m -> assertThat(m.bytes()).isEqualTo(bytes));
        assertThat(ports.references(blob.id())).as("the message's, once the caller's").isEqualTo(1);
    }

    @Test
    default void aReceiveOnlyMailboxShouldStillReceive() throws Exception {
        PortsUnderTest ports = withMailboxes();
        byte[] bytes = message("in periodo di grazia");
        BlobRef blob = stored(ports, bytes);

        assertThat(ports.<Boolean>inStep(p -> p.receiving().deliverIfReceiving(BEA, blob, summary(bytes, "ORDINARY"), T0)))
                .isTrue();
        assertThat(ports.inbox(BEA)).hasSize(1);
    }

    @Test
    default void aDisabledOrMissingMailboxShouldGetNothingAndHoldNothing() throws Exception {
        PortsUnderTest ports = withMailboxes();
        byte[] bytes = message("rifiutato");
        BlobRef blob = stored(ports, bytes);

        assertThat(ports.<Boolean>inStep(p -> p.receiving().deliverIfReceiving(CARLO, blob, summary(bytes, "ORDINARY"), T0)))
                .isFalse();
        assertThat(ports.<Boolean>inStep(p -> p.receiving().deliverIfReceiving(NOBODY, blob, summary(bytes, "ORDINARY"), T0)))
                .isFalse();

        assertThat(ports.inbox(CARLO)).isEmpty();
        assertThat(ports.inbox(NOBODY)).isEmpty();
        assertThat(ports.references(blob.id())).as("only the caller's").isEqualTo(1);
    }

    @Test
    default void aDepositWithoutTheStandingCheckShouldStillNeedTheMailboxToExist() throws Exception {
        PortsUnderTest ports = withMailboxes();
        byte[] bytes = message("anomalia");
        BlobRef blob = stored(ports, bytes);

        ports.inStep(p -> {
            p.receiving().deliver(ANNA, blob, summary(bytes, "ANOMALY_ENVELOPE"), T0);
            return null;
        });
        assertThat(ports.inbox(ANNA)).extracting(PortsUnderTest.Deposited::pecKind).containsExactly("ANOMALY_ENVELOPE");

        assertThatThrownBy(() -> ports.inStep(p -> {
            p.receiving().deliver(NOBODY, blob, summary(bytes, "ANOMALY_ENVELOPE"), T0);
            return null;
        })).isInstanceOf(MailboxNotFoundException.class);
        assertThat(ports.references(blob.id())).as("the caller's and Anna's message").isEqualTo(2);
    }

    @Test
    default void depositsShouldBeListedInTheOrderTheyArrived() throws Exception {
        PortsUnderTest ports = withMailboxes();
        byte[] first = message("primo");
        byte[] second = message("secondo");
        BlobRef a = stored(ports, first);
        BlobRef b = stored(ports, second);

        ports.inStep(p -> p.receiving().deliverIfReceiving(ANNA, a, summary(first, "ORDINARY"), T0));
        ports.inStep(p -> p.receiving().deliverIfReceiving(ANNA, b, summary(second, "ORDINARY"), T0.plusSeconds(1)));
        ports.inStep(p -> p.receiving().deliverIfReceiving(ANNA, a, summary(first, "ORDINARY"), T0.plusSeconds(2)));

        assertThat(ports.inbox(ANNA)).extracting(PortsUnderTest.Deposited::subject)
                .containsExactly("primo", "secondo", "primo");
        assertThat(ports.references(a.id())).as("the caller's and two messages").isEqualTo(3);
    }

    @Test
    default void addressesShouldBeTakenInAnyCase() throws Exception {
        PortsUnderTest ports = withMailboxes();
        byte[] bytes = message("maiuscole");
        BlobRef blob = stored(ports, bytes);

        assertThat(ports.<Boolean>inStep(p -> p.receiving().deliverIfReceiving("Anna@PEC.Nostro.TEST", blob,
                summary(bytes, "ORDINARY"), T0))).isTrue();

        assertThat(ports.inbox(ANNA)).hasSize(1);
        assertThat(ports.<java.util.Optional<ReceivingMailboxes.Standing>>inStep(p -> p.receiving().standing("ANNA@pec.nostro.test"))).isPresent();
    }

    @Test
    default void theStandingShouldTellWhetherAMailboxReceivesAndTakesOrdinaryMail() throws Exception {
        PortsUnderTest ports = withMailboxes();

        assertThat(ports.<java.util.Optional<ReceivingMailboxes.Standing>>inStep(p -> p.receiving().standing(ANNA)))
                .contains(new ReceivingMailboxes.Standing(true, false));
        assertThat(ports.<java.util.Optional<ReceivingMailboxes.Standing>>inStep(p -> p.receiving().standing(BEA)))
                .contains(new ReceivingMailboxes.Standing(true, true));
        assertThat(ports.<java.util.Optional<ReceivingMailboxes.Standing>>inStep(p -> p.receiving().standing(CARLO)))
                .contains(new ReceivingMailboxes.Standing(false, true));
        assertThat(ports.<java.util.Optional<ReceivingMailboxes.Standing>>inStep(p -> p.receiving().standing(NOBODY))).isEqualTo(Optional.empty());
    }

    @Test
    default void aDepositInAStepThatRolledBackShouldNotBeThere() throws Exception {
        PortsUnderTest ports = withMailboxes();
        byte[] bytes = message("annullato");
        BlobRef blob = stored(ports, bytes);

        ports.rolledBack(p -> p.receiving().deliverIfReceiving(ANNA, blob, summary(bytes, "ORDINARY"), T0));

        assertThat(ports.inbox(ANNA)).isEmpty();
        assertThat(ports.references(blob.id())).isEqualTo(1);
    }
}
