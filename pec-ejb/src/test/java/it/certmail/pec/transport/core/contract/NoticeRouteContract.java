package it.certmail.pec.transport.core.contract;

import static it.certmail.pec.transport.core.contract.ContractMessages.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.receipts.infra.PecMessageComposer;
import it.certmail.pec.receipts.infra.PecTestProvider;
import it.certmail.pec.transport.core.NoticeRoute;
import it.certmail.pec.transport.core.TransmissionRecords.NewTransmission;
import it.certmail.pec.transport.core.TransmissionRecords.TrackedRecipient;
import it.certmail.pec.transport.model.DeliveryStatus;

/**
 * What the core relies on from {@link NoticeRoute#send}, the one route of every notice we issue: to a mailbox of ours
 * it is filed in its INBOX and logged as received, with no work queued; to anyone else it is one delivery row per
 * recipient queued for the relay from our service mailbox, filed nowhere; our own presa in carico of a transmission we track is evidence kept with
 * its delivery state (issue 15: no hot INBOX row of the service mailbox), logged, not filed.
 */
public interface NoticeRouteContract {

    String MARIO = "mario@" + PortsUnderTest.OUR_DOMAIN;

    PortsUnderTest ports();

    private static PecMessageComposer composer() {
        return PecTestProvider.composer(SignatureProfile.DEFAULT);
    }

    private static void send(PortsUnderTest ports, MimeMessage notice, PecMessageKind kind, List<String> to)
            throws Exception {
        ports.inStep(p -> {
            p.notices().send(notice, kind, to, T0);
            return null;
        });
    }

    @Test
    default void aNoticeToAMailboxOfOursShouldBeFiledInItsInboxAndLoggedWithoutWork() throws Exception {
        PortsUnderTest ports = ports();
        ports.addMailbox(MARIO, MailboxStatus.ACTIVE, false);
        TransactionFacts tx = PecTestProvider.facts();

        send(ports, composer().acceptance(tx, T0), PecMessageKind.ACCEPTANCE, List.of(MARIO));

        assertThat(ports.inbox(MARIO)).singleElement()
                .satisfies(m -> assertThat(m.pecKind()).isEqualTo(PecMessageKind.ACCEPTANCE.name()));
        assertThat(ports.queued()).isEmpty();
        assertThat(ports.deliveries()).isEmpty();
        assertThat(ports.logged()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(LogEventType.RICEZIONE_RICEVUTA);
            assertThat(e.msgid()).isEqualTo(tx.identifier());
            assertThat(e.recipients()).containsExactly(MARIO);
        });
    }

    @Test
    default void aNoticeForAnotherProviderShouldBeOneRelayRowFromOurServiceMailbox() throws Exception {
        PortsUnderTest ports = ports();
        String anna = "anna@" + PortsUnderTest.OTHER_DOMAIN;

        send(ports, composer().acceptance(PecTestProvider.facts(), T0), PecMessageKind.ACCEPTANCE, List.of(anna));

        assertThat(ports.queued()).isEmpty();
        assertThat(ports.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(d.pecMsgid()).as("not a transmission of ours").isNull();
            assertThat(d.domain()).isEqualTo(PortsUnderTest.OTHER_DOMAIN);
            assertThat(d.mailFrom()).isEqualTo(PortsUnderTest.SERVICE_ADDRESS);
            assertThat(d.recipient()).isEqualTo(anna);
            assertThat(d.nextAttemptAt()).isEqualTo(T0);
            assertThat(d.expireAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
            assertThat(ports.references(d.blobId())).as("the row's own").isEqualTo(1);
        });
        assertThat(ports.logged()).isEmpty();
    }

    @Test
    default void ourPresaInCaricoOfOurOwnTransmissionShouldBeKeptWithItsDeliveryStateNotFiled() throws Exception {
        PortsUnderTest ports = ports();
        ports.addMailbox(PortsUnderTest.SERVICE_ADDRESS, MailboxStatus.ACTIVE, false);
        TransactionFacts tx = PecTestProvider.facts();
        long envelope = ports.inStep(p -> p.blobs().store(Spool.of(ContractMessages.message("busta")))).id();
        ports.inStep(p -> {
            p.transmissions().open(new NewTransmission(tx.identifier(), tx.msgid(), tx.sender(), tx.subject(), T0,
                    envelope, new byte[] {'<', '/', '>'}, List.of(new TrackedRecipient(PecTestProvider.RECIPIENT,
                            true, T0.plus(Duration.ofHours(12))))));
            return null;
        });

        send(ports, composer().takeCharge(tx, List.of(PecTestProvider.RECIPIENT), PortsUnderTest.SERVICE_ADDRESS, T0),
                PecMessageKind.TAKE_CHARGE, List.of(PortsUnderTest.SERVICE_ADDRESS));

        assertThat(ports.inbox(PortsUnderTest.SERVICE_ADDRESS)).as("no INBOX row of the service mailbox").isEmpty();
        assertThat(ports.queued()).isEmpty();
        assertThat(ports.logged()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(LogEventType.RICEZIONE_RICEVUTA);
            assertThat(e.msgid()).isEqualTo(tx.identifier());
        });
    }

    @Test
    default void aPresaInCaricoOfATransmissionWeDoNotTrackShouldBeFiledInTheServiceInbox() throws Exception {
        PortsUnderTest ports = ports();
        ports.addMailbox(PortsUnderTest.SERVICE_ADDRESS, MailboxStatus.ACTIVE, false);
        TransactionFacts tx = PecTestProvider.facts();

        send(ports, composer().takeCharge(tx, List.of(PecTestProvider.RECIPIENT), PortsUnderTest.SERVICE_ADDRESS, T0),
                PecMessageKind.TAKE_CHARGE, List.of(PortsUnderTest.SERVICE_ADDRESS));

        assertThat(ports.inbox(PortsUnderTest.SERVICE_ADDRESS)).extracting(PortsUnderTest.Deposited::pecKind)
                .containsExactly(PecMessageKind.TAKE_CHARGE.name());
    }
}
