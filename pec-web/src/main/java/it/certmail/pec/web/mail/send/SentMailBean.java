package it.certmail.pec.web.mail.send;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.transport.domain.ReceiptPanels;
import it.certmail.pec.transport.service.SentReceiptsService;
import it.certmail.pec.web.holder.HolderSession;
import it.certmail.pec.web.shared.PageMessages;

/**
 * Ricevute a colpo d'occhio: the current mailbox's sent messages, newest first, a panel per recipient with every
 * receipt, its time and links to it (read in the webmail, or the exact {@code .eml}); and the messages still waiting
 * for a delivery receipt. Paged by acceptance time ({@code ?before=<epoch ms>}).
 */
@Named("sentMail")
@ViewScoped
public class SentMailBean implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int PAGE = 20;
    static final int WAITING = 50;

    @Inject
    HolderSession holder;

    @Inject
    SentReceiptsService receipts;

    private Long before;
    private List<SentReceiptsService.SentMessage> messages;
    private List<SentReceiptsService.SentMessage> waiting;

    public void load() {
        String mailbox = holder.getCurrent();
        messages = receipts.sent(mailbox, before == null ? null : Instant.ofEpochMilli(before), PAGE);
        waiting = receipts.awaitingDelivery(mailbox, WAITING);
    }

    /** The link to the next (older) page; null on the last one. */
    public Long getOlder() {
        return messages == null || messages.size() < PAGE ? null
                : messages.get(messages.size() - 1).acceptedAt().toEpochMilli();
    }

    public String stepText(ReceiptPanels.Step step) {
        return PageMessages.text("mail.sent.step." + step.kind().name());
    }

    public String stateText(ReceiptPanels.Panel panel) {
        return PageMessages.text("mail.sent.state." + panel.state().name());
    }

    /** Why a message was not delivered, in plain words, then the provider's own words. */
    public String reason(ReceiptPanels.Step step) {
        if (step.kind() != ReceiptPanels.StepKind.DELIVERY_FAILURE
                && step.kind() != ReceiptPanels.StepKind.DELIVERY_FAILURE_VIRUS) {
            return null;
        }
        DaticertError error = step.error() == null || step.error() == DaticertError.NONE
                ? (step.kind() == ReceiptPanels.StepKind.DELIVERY_FAILURE_VIRUS ? DaticertError.VIRUS : DaticertError.OTHER)
                : step.error();
        String plain = PageMessages.text("mail.sent.reason." + error.name());
        return step.extendedError() == null || step.extendedError().isBlank() ? plain
                : plain + " (" + step.extendedError() + ")";
    }

    /** The recipients of a message still owing a delivery receipt. */
    public String waitingRecipients(SentReceiptsService.SentMessage message) {
        return String.join(", ", message.panels().stream().filter(ReceiptPanels.Panel::waiting)
                .map(ReceiptPanels.Panel::recipient).toList());
    }

    public List<SentReceiptsService.SentMessage> getMessages() { return messages; }
    public List<SentReceiptsService.SentMessage> getWaiting() { return waiting; }
    public Long getBefore() { return before; }
    public void setBefore(Long before) { this.before = before; }
}
