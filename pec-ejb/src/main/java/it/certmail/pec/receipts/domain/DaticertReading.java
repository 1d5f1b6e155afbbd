package it.certmail.pec.receipts.domain;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of reading a {@code daticert.xml}: what could be read, whether the file is valid against the DTD, and
 * every problem found (DTD violations prefixed {@code "DTD: "}, then unreadable or unknown values).
 *
 * @param daticert present when every field the DTD requires could be read, even from a DTD-invalid file
 * @param dtdValid true when the file is well-formed and valid against {@code postacert.dtd}
 * @param problems empty only for a valid file whose values are all understood
 */
public record DaticertReading(Optional<Daticert> daticert, boolean dtdValid, List<String> problems) {

    public DaticertReading {
        daticert = daticert == null ? Optional.empty() : daticert;
        problems = List.copyOf(problems);
    }

    /** True when the daticert was read and nothing at all was wrong. */
    public boolean clean() {
        return daticert.isPresent() && dtdValid && problems.isEmpty();
    }
}
