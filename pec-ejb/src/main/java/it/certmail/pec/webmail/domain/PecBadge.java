package it.certmail.pec.webmail.domain;

import java.util.List;
import java.util.Locale;

import it.certmail.pec.receipts.domain.PecMessageKind;

/**
 * Il tipo PEC a colpo d'occhio: the eight badges of the message list, from the kind the store recorded at
 * delivery ({@code stored_message.pec_kind}: a {@link PecMessageKind} name, {@code ORDINARY} or unknown). The
 * page words come from the bundles under {@code mail.badge.<key>}.
 */
public enum PecBadge {
    CERTIFIED("certified", PecMessageKind.TRANSPORT_ENVELOPE),
    ACCEPTANCE("acceptance", PecMessageKind.ACCEPTANCE),
    DELIVERY("delivery", PecMessageKind.DELIVERY),
    NON_DELIVERY("nonDelivery", PecMessageKind.DELIVERY_FAILURE, PecMessageKind.DELIVERY_FAILURE_VIRUS),
    TAKE_CHARGE("takeCharge", PecMessageKind.TAKE_CHARGE),
    ANOMALY("anomaly", PecMessageKind.ANOMALY_ENVELOPE),
    /** the other notices: non-acceptance, the 12 h / 24 h delivery time-outs, virus detection */
    NOTICE("notice", PecMessageKind.NON_ACCEPTANCE, PecMessageKind.NON_ACCEPTANCE_VIRUS,
            PecMessageKind.DELIVERY_TIMEOUT, PecMessageKind.VIRUS_DETECTION),
    ORDINARY("ordinary");

    private final String key;
    private final List<PecMessageKind> kinds;

    PecBadge(String key, PecMessageKind... kinds) {
        this.key = key;
        this.kinds = List.of(kinds);
    }

    /** The bundle key's last part and the CSS modifier. */
    public String key() {
        return key;
    }

    /** The stored kind names this badge stands for (empty for {@link #ORDINARY}: anything else). */
    public List<String> kindNames() {
        return kinds.stream().map(Enum::name).toList();
    }

    /** A receipt or notice (links to the message it certifies), not a message of its own. */
    public boolean isReceipt() {
        return this != CERTIFIED && this != ORDINARY && this != ANOMALY;
    }

    /** The badge of a stored {@code pec_kind}; unknown or null values are ordinary mail. */
    public static PecBadge of(String storedKind) {
        if (storedKind != null) {
            for (PecBadge b : values()) {
                if (b.kinds.stream().anyMatch(k -> k.name().equals(storedKind))) {
                    return b;
                }
            }
        }
        return ORDINARY;
    }

    /** The badge named by its {@link #key()} (a search form's value), or null. */
    public static PecBadge byKey(String key) {
        for (PecBadge b : values()) {
            if (b.key.equals(key) || b.name().equals(key == null ? null : key.toUpperCase(Locale.ROOT))) {
                return b;
            }
        }
        return null;
    }
}
