package it.certmail.pec.transport.domain;

import java.util.Objects;

/** Esito della verifica antivirus (RFC 6109 §5.4): clean, infected with a named virus, or not scanned. */
public sealed interface ScanResult permits ScanResult.Clean, ScanResult.Infected, ScanResult.Failed {

    /** No virus found. */
    record Clean() implements ScanResult {
    }

    /** A virus was found; {@code name} is the scanner's signature name, e.g. {@code Eicar-Signature}. */
    record Infected(String name) implements ScanResult {
        public Infected {
            Objects.requireNonNull(name, "name");
        }
    }

    /** The scan did not complete (scanner down, timeout, size limit, error): the caller decides (retry/hold). */
    record Failed(String reason) implements ScanResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
