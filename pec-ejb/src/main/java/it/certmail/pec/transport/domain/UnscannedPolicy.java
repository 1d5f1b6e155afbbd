package it.certmail.pec.transport.domain;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * What the access and reception points do with a message the antivirus could not scan (clamd down, timeout, size
 * limit), chosen by {@code pec.antivirus.unavailable}: refuse it for now (the default: the client or the peer tries
 * again later, RFC 6109 §5.4), or take it unscanned, which the caller must write in the registro dei messaggi.
 * Either way never a silent pass.
 */
public enum UnscannedPolicy {

    /** {@code refuse}: a temporary refusal (SMTP 4xx at the access point, a retried work item at reception). */
    REFUSE("refuse"),
    /** {@code accept-unscanned}: go on as if clean, with an official-log entry that says it was not scanned. */
    ACCEPT_UNSCANNED("accept-unscanned");

    public static final String KEY = "pec.antivirus.unavailable";

    private final String value;

    UnscannedPolicy(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The configured value; blank means the default ({@link #REFUSE}); anything else unknown is a start error. */
    public static UnscannedPolicy parse(String configured) {
        if (configured == null || configured.isBlank()) {
            return REFUSE;
        }
        String v = configured.strip().toLowerCase(Locale.ROOT);
        for (UnscannedPolicy p : values()) {
            if (p.value.equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException(KEY + " must be refuse or accept-unscanned, not '" + configured + "'");
    }

    /** The outcome of one check under this policy. */
    public sealed interface Verdict permits Clean, Infected, Unscanned {
    }

    /** Scanned, no virus. */
    public record Clean() implements Verdict {
    }

    /** Scanned, a virus named by the scanner. */
    public record Infected(String virus) implements Verdict {
    }

    /** Not scanned and taken anyway ({@link #ACCEPT_UNSCANNED}): the caller logs {@code reason} officially. */
    public record Unscanned(String reason) implements Verdict {
    }

    /**
     * Judges a scan result.
     *
     * @throws IOException when the scan failed and this policy refuses: the caller must not go on as if clean
     */
    public Verdict judge(ScanResult result) throws IOException {
        if (result instanceof ScanResult.Infected infected) {
            return new Infected(infected.name());
        }
        if (result instanceof ScanResult.Failed failed) {
            if (this == REFUSE) {
                throw new IOException("virus scan failed: " + failed.reason());
            }
            return new Unscanned(failed.reason());
        }
        return new Clean();
    }

    /** The detail of the registro entry for a message taken unscanned. */
    public static String logDetail(String reason) {
        return "antivirus non eseguito, messaggio accettato senza controllo (" + KEY + "=accept-unscanned): " + reason;
    }

    /** The virus, if any, of a verdict. */
    public static Optional<String> virusOf(Verdict verdict) {
        return verdict instanceof Infected infected ? Optional.of(infected.virus()) : Optional.empty();
    }
}
