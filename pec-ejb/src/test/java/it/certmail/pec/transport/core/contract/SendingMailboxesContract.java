package it.certmail.pec.transport.core.contract;

import static it.certmail.pec.transport.core.contract.ContractMessages.T0;
import static it.certmail.pec.transport.core.contract.ContractMessages.message;
import static it.certmail.pec.transport.core.contract.ContractMessages.summary;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.transport.core.SendingMailboxes;

/**
 * What the access point's checks rely on from {@link SendingMailboxes}: the sender's status as the lifecycle left
 * it, its quota and the space its messages take (a full mailbox is told it cannot send), nothing for an address that
 * is no mailbox of ours.
 */
public interface SendingMailboxesContract {

    String MARIO = "mario@" + PortsUnderTest.OUR_DOMAIN;

    PortsUnderTest ports();

    @Test
    default void theSenderShouldHaveTheStatusTheLifecycleLeft() throws Exception {
        PortsUnderTest ports = ports();
        ports.addMailbox(MARIO, MailboxStatus.ACTIVE, false);
        ports.addMailbox("grazia@" + PortsUnderTest.OUR_DOMAIN, MailboxStatus.RECEIVE_ONLY, false);
        ports.addMailbox("sospesa@" + PortsUnderTest.OUR_DOMAIN, MailboxStatus.DISABLED, false);

        assertThat(ports.<java.util.Optional<SendingMailboxes.Sender>>inStep(p -> p.sending().sender(MARIO)).orElseThrow().status())
                .isEqualTo(MailboxStatus.ACTIVE);
        assertThat(ports.<java.util.Optional<SendingMailboxes.Sender>>inStep(p -> p.sending().sender("Grazia@pec.nostro.test")).orElseThrow().status())
                .isEqualTo(MailboxStatus.RECEIVE_ONLY);
        assertThat(ports.<java.util.Optional<SendingMailboxes.Sender>>inStep(p -> p.sending().sender("sospesa@" + PortsUnderTest.OUR_DOMAIN)).orElseThrow()
                .status()).isEqualTo(MailboxStatus.DISABLED);
    }

    @Test
    default void aNewMailboxShouldHaveRoomAndMaySendAnywhere() throws Exception {
        PortsUnderTest ports = ports();
        ports.addMailbox(MARIO, MailboxStatus.ACTIVE, false);

        SendingMailboxes.Sender sender = ports.inStep(p -> p.sending().sender(MARIO)).orElseThrow();

        assertThat(sender.usedBytes()).isZero();
        assertThat(sender.quotaBytes()).isPositive();
        assertThat(sender.blockNonPecRecipients()).isFalse();
    }

    @Test
    default void theSpaceUsedShouldCountWhatWasDepositedInTheMailbox() throws Exception {
        PortsUnderTest ports = ports();
        ports.addMailbox(MARIO, MailboxStatus.ACTIVE, false);
        byte[] bytes = message("occupa spazio");
        BlobRef blob = ports.inStep(p -> p.blobs().store(Spool.of(bytes)));

        ports.inStep(p -> p.receiving().deliverIfReceiving(MARIO, blob, summary(bytes, "DELIVERY"), T0));

        assertThat(ports.<java.util.Optional<SendingMailboxes.Sender>>inStep(p -> p.sending().sender(MARIO)).orElseThrow().usedBytes()).isEqualTo(bytes.length);
    }

    @Test
    default void anAddressThatIsNoMailboxOfOursShouldHaveNoStanding() throws Exception {
        PortsUnderTest ports = ports();
        ports.addMailbox(MARIO, MailboxStatus.ACTIVE, false);

        assertThat(ports.<java.util.Optional<SendingMailboxes.Sender>>inStep(p -> p.sending().sender("luigi@" + PortsUnderTest.OUR_DOMAIN))).isEmpty();
        assertThat(ports.<java.util.Optional<SendingMailboxes.Sender>>inStep(p -> p.sending().sender("mario@" + PortsUnderTest.OTHER_DOMAIN))).isEmpty();
    }
}
