package it.certmail.pec.transport.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * Destinazione di inoltro: an SMTP host and port to hand a message to.
 *
 * @param host host name or IP literal (without brackets)
 * @param port TCP port, 1..65535
 */
public record RelayTarget(String host, int port) {

    /** The SMTP port used for MX hosts (RFC 5321 §4.5.4). */
    public static final int SMTP_PORT = 25;

    public RelayTarget {
        Objects.requireNonNull(host, "host");
        host = host.strip().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
