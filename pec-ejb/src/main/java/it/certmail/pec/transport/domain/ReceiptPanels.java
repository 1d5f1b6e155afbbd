package it.certmail.pec.transport.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.TimeoutStage;

/**
 * Ricevute a colpo d'occhio: for one sent message, a panel per recipient with every receipt that came back for
 * it (acceptance, presa in carico, consegna or mancata consegna, the 12 h and 24 h notices), each with its time and
 * the stored receipt that proves it, and the recipient's state in one word. The tracking row says what happened even
 * when the receipt was deleted from the INBOX: such a step is shown without a receipt to open.
 */
public final class ReceiptPanels {

    /** The tracking of one recipient, as the transport core keeps it. */
    public record Tracked(String recipient, boolean certified, Instant dispatchedAt, Instant takenChargeAt,
                          Instant deliveredAt, Instant failedAt, boolean warningSent, boolean finalSent) {
    }

    /**
     * A receipt or notice about the message, stored in the sender's INBOX.
     *
     * @param covers the recipients it speaks for: all of them for the acceptance (empty = all), the {@code ricezione}
     *               list for a presa in carico, the {@code consegna} address otherwise
     * @param stage  for a {@link PecMessageKind#DELIVERY_TIMEOUT}, which notice; null if unknown
     */
    public record Receipt(long storedMessageId, long uid, PecMessageKind kind, Instant time, List<String> covers,
                          DaticertError error, String extendedError, TimeoutStage stage) {
        public Receipt {
            covers = covers.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
        }

        boolean covers(String recipient) {
            return covers.isEmpty() || covers.contains(recipient.toLowerCase(Locale.ROOT));
        }
    }

    public enum StepKind { ACCEPTANCE, TAKE_CHARGE, DELIVERY, DELIVERY_FAILURE, DELIVERY_FAILURE_VIRUS, WARNING_12H,
        FINAL_24H }

    /** Where a recipient stands. */
    public enum State {
        /** consegna received */
        DELIVERED,
        /** mancata consegna: the transaction for this recipient ended negatively */
        NOT_DELIVERED,
        /** the 24 h notice went out: no delivery receipt within the legal time */
        EXPIRED,
        /** the 12 h warning went out: still waiting */
        LATE,
        /** still waiting for the delivery receipt */
        WAITING,
        /** an ordinary (non-PEC) address: no receipt ever comes back for it */
        ORDINARY
    }

    /**
     * One step on a recipient's panel.
     *
     * @param storedMessageId the receipt in the INBOX, or null when only the tracking knows it
     * @param uid             its UID in the INBOX, or null likewise
     */
    public record Step(StepKind kind, Instant time, Long storedMessageId, Long uid, DaticertError error,
                       String extendedError) {
    }

    public record Panel(String recipient, boolean certified, State state, List<Step> steps) {
        /** Whether this recipient still owes a delivery receipt. */
        public boolean waiting() {
            return state == State.WAITING || state == State.LATE;
        }
    }

    private ReceiptPanels() {
    }

    public static List<Panel> panels(List<Tracked> recipients, List<Receipt> receipts) {
        List<Panel> out = new ArrayList<>();
        for (Tracked t : recipients) {
            out.add(panel(t, receipts));
        }
        return out;
    }

    static Panel panel(Tracked t, List<Receipt> receipts) {
        List<Step> steps = new ArrayList<>();
        for (Receipt r : receipts) {
            StepKind kind = kindOf(r);
            if (kind != null && r.covers(t.recipient())) {
                steps.add(new Step(kind, r.time(), r.storedMessageId(), r.uid(), r.error(), r.extendedError()));
            }
        }
        // what the tracking knows and no stored receipt shows (deleted from the INBOX, or not filed here)
        addIfMissing(steps, StepKind.TAKE_CHARGE, t.takenChargeAt(), t.takenChargeAt() != null);
        addIfMissing(steps, StepKind.DELIVERY, t.deliveredAt(), t.deliveredAt() != null);
        if (t.failedAt() != null && steps.stream().noneMatch(s -> s.kind() == StepKind.DELIVERY_FAILURE
                || s.kind() == StepKind.DELIVERY_FAILURE_VIRUS)) {
            steps.add(new Step(StepKind.DELIVERY_FAILURE, t.failedAt(), null, null, null, null));
        }
        addIfMissing(steps, StepKind.WARNING_12H, null, t.warningSent());
        addIfMissing(steps, StepKind.FINAL_24H, null, t.finalSent());
        // acceptance and presa in carico first whatever their clocks say (the tracking notes a presa in carico when
        // it is processed, which may be after the consegna's own time), then by time
        steps.sort(Comparator.comparingInt((Step s) -> rank(s.kind()))
                .thenComparing(Step::time, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Step::kind));
        return new Panel(t.recipient(), t.certified(), state(t, steps), List.copyOf(steps));
    }

    private static int rank(StepKind kind) {
        return switch (kind) {
            case ACCEPTANCE -> 0;
            case TAKE_CHARGE -> 1;
            default -> 2;
        };
    }

    private static void addIfMissing(List<Step> steps, StepKind kind, Instant at, boolean happened) {
        if (happened && steps.stream().noneMatch(s -> s.kind() == kind)) {
            steps.add(new Step(kind, at, null, null, null, null));
        }
    }

    static State state(Tracked t, List<Step> steps) {
        if (steps.stream().anyMatch(s -> s.kind() == StepKind.DELIVERY)) {
            return State.DELIVERED;
        }
        if (steps.stream().anyMatch(s -> s.kind() == StepKind.DELIVERY_FAILURE
                || s.kind() == StepKind.DELIVERY_FAILURE_VIRUS)) {
            return State.NOT_DELIVERED;
        }
        if (steps.stream().anyMatch(s -> s.kind() == StepKind.FINAL_24H)) {
            return State.EXPIRED;
        }
        if (!t.certified()) {
            return State.ORDINARY;
        }
        if (steps.stream().anyMatch(s -> s.kind() == StepKind.WARNING_12H)) {
            return State.LATE;
        }
        return State.WAITING;
    }

    private static StepKind kindOf(Receipt r) {
        return switch (r.kind()) {
            case ACCEPTANCE -> StepKind.ACCEPTANCE;
            case TAKE_CHARGE -> StepKind.TAKE_CHARGE;
            case DELIVERY -> StepKind.DELIVERY;
            case DELIVERY_FAILURE -> StepKind.DELIVERY_FAILURE;
            case DELIVERY_FAILURE_VIRUS -> StepKind.DELIVERY_FAILURE_VIRUS;
            case DELIVERY_TIMEOUT -> r.stage() == TimeoutStage.FINAL_24_HOURS ? StepKind.FINAL_24H : StepKind.WARNING_12H;
            default -> null;
        };
    }
}
