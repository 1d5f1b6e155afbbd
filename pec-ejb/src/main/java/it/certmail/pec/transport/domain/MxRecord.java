package it.certmail.pec.transport.domain;

import java.util.Objects;

/**
 * Record MX: one mail exchanger of a domain.
 *
 * @param preference lower is tried first (RFC 5321 §5.1)
 * @param host       the exchanger's host name; {@code "."} or empty is the null MX (RFC 7505)
 */
public record MxRecord(int preference, String host) {

    public MxRecord {
        Objects.requireNonNull(host, "host");
    }

    /** RFC 7505: a single MX with host "." and preference 0 says the domain accepts no mail. */
    public boolean isNullMx() {
        String h = host.strip();
        return h.isEmpty() || h.equals(".");
    }
}
