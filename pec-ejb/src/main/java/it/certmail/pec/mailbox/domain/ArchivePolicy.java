package it.certmail.pec.mailbox.domain;

import java.util.Set;

/**
 * Archiviazione automatica: which arriving messages get a copy in the Archive folder, and whether it still has room
 * (the archive has its own quota: the plan's archive space plus archive add-ons).
 */
public final class ArchivePolicy {

    /** What a holder chooses to archive. */
    public enum Kind {
        /** PEC messages received (buste di trasporto) */
        MESSAGES,
        /** receipts and notices about the holder's own transmissions */
        RECEIPTS
    }

    private static final Set<String> MESSAGE_KINDS = Set.of("TRANSPORT_ENVELOPE");
    private static final Set<String> RECEIPT_KINDS = Set.of("ACCEPTANCE", "NON_ACCEPTANCE", "NON_ACCEPTANCE_VIRUS",
            "TAKE_CHARGE", "DELIVERY", "DELIVERY_FAILURE", "DELIVERY_FAILURE_VIRUS", "DELIVERY_TIMEOUT",
            "VIRUS_DETECTION");

    private ArchivePolicy() {
    }

    /** Whether a message of {@code pecKind} is archived under {@code chosen} (ordinary mail and anomalies never). */
    public static boolean covers(Set<Kind> chosen, String pecKind) {
        return pecKind != null && (chosen.contains(Kind.MESSAGES) && MESSAGE_KINDS.contains(pecKind)
                || chosen.contains(Kind.RECEIPTS) && RECEIPT_KINDS.contains(pecKind));
    }

    /** Whether {@code size} more bytes fit in an archive of {@code quota} bytes holding {@code used}. */
    public static boolean fits(long used, long quota, long size) {
        return quota > 0 && size >= 0 && used <= quota - size;
    }
}
