package it.certmail.pec.transport.infra.smtp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Impostazioni di un server SMTP: the limits shared by the submission and inbound servers. Only absolute caps are
 * SMTP refusals; the provider's PEC policy (e.g. 1000 recipients, 100 MB) is applied by the handler, which answers
 * with an avviso di non accettazione (RFC 6109 §3.1.2), so the caps here sit above the policy.
 *
 * @param hostName                the name in the greeting and EHLO reply
 * @param bindAddress             local address to bind, {@code null} for all interfaces
 * @param maxConnections          concurrent connections per listener; also bounds the thread pool
 * @param maxConnectionsPerSource concurrent connections from one client address (421 beyond)
 * @param connectionTimeout       idle timeout on a connection (also bounds the TLS handshake)
 * @param maxMessageSize          absolute message size cap in bytes, advertised with SIZE; beyond it: 552
 * @param maxRecipients           absolute recipients cap per transaction; beyond it: 452
 * @param authFailureDelay        delay after the first failed AUTH from an address; doubles with each failure
 * @param authFailureMaxDelay     cap of that delay
 * @param preAuthDeadline         submission only: time from connection to a successful AUTH, however the client
 *                                trickles its bytes (the connection timeout is reset by each byte)
 */
public record SmtpServerSettings(String hostName, InetAddress bindAddress, int maxConnections,
                                 int maxConnectionsPerSource, Duration connectionTimeout, int maxMessageSize,
                                 int maxRecipients, Duration authFailureDelay, Duration authFailureMaxDelay,
                                 Duration preAuthDeadline) {

    /** The provider policy this platform ships with (pec-spec §8): 100 MB per message. */
    public static final int POLICY_MAX_MESSAGE_SIZE = 100 * 1024 * 1024;
    /** The provider policy this platform ships with (pec-spec §8): 1000 recipients per message. */
    public static final int POLICY_MAX_RECIPIENTS = 1000;
    /** Absolute cap: the policy size plus 10 % margin, so that a message just above the policy still reaches the
     *  handler, which answers with an avviso di non accettazione. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = POLICY_MAX_MESSAGE_SIZE + POLICY_MAX_MESSAGE_SIZE / 10;
    /** Absolute cap: twice the policy, for the same reason. */
    public static final int DEFAULT_MAX_RECIPIENTS = 2 * POLICY_MAX_RECIPIENTS;
    public static final int DEFAULT_MAX_CONNECTIONS = 200;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 20;
    /** RFC 5321 §4.5.3.2 asks a server to wait at least 5 minutes for the next command. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_AUTH_FAILURE_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_AUTH_FAILURE_MAX_DELAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PRE_AUTH_DEADLINE = Duration.ofSeconds(60);

    public SmtpServerSettings {
        Objects.requireNonNull(hostName, "hostName");
        requirePositive(maxConnections, "maxConnections");
        requirePositive(maxConnectionsPerSource, "maxConnectionsPerSource");
        requirePositive(maxMessageSize, "maxMessageSize");
        requirePositive(maxRecipients, "maxRecipients");
        if (connectionTimeout.isNegative() || connectionTimeout.isZero() || connectionTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectionTimeout out of range: " + connectionTimeout);
        }
        Objects.requireNonNull(authFailureDelay, "authFailureDelay");
        Objects.requireNonNull(authFailureMaxDelay, "authFailureMaxDelay");
        Objects.requireNonNull(preAuthDeadline, "preAuthDeadline");
    }

    public static SmtpServerSettings defaults(String hostName) {
        return new SmtpServerSettings(hostName, null, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_SOURCE,
                DEFAULT_CONNECTION_TIMEOUT, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_RECIPIENTS,
                DEFAULT_AUTH_FAILURE_DELAY, DEFAULT_AUTH_FAILURE_MAX_DELAY, DEFAULT_PRE_AUTH_DEADLINE);
    }

    public SmtpServerSettings withBindAddress(InetAddress address) {
        return new SmtpServerSettings(hostName, address, maxConnections, maxConnectionsPerSource, connectionTimeout,
                maxMessageSize, maxRecipients, authFailureDelay, authFailureMaxDelay, preAuthDeadline);
    }

    public SmtpServerSettings withConnections(int max, int perSource) {
        return new SmtpServerSettings(hostName, bindAddress, max, perSource, connectionTimeout,
                maxMessageSize, maxRecipients, authFailureDelay, authFailureMaxDelay, preAuthDeadline);
    }

    public SmtpServerSettings withConnectionTimeout(Duration timeout) {
        return new SmtpServerSettings(hostName, bindAddress, maxConnections, maxConnectionsPerSource, timeout,
                maxMessageSize, maxRecipients, authFailureDelay, authFailureMaxDelay, preAuthDeadline);
    }

    public SmtpServerSettings withMaxMessageSize(int bytes) {
        return new SmtpServerSettings(hostName, bindAddress, maxConnections, maxConnectionsPerSource,
                connectionTimeout, bytes, maxRecipients, authFailureDelay, authFailureMaxDelay, preAuthDeadline);
    }

    public SmtpServerSettings withMaxRecipients(int max) {
        return new SmtpServerSettings(hostName, bindAddress, maxConnections, maxConnectionsPerSource,
                connectionTimeout, maxMessageSize, max, authFailureDelay, authFailureMaxDelay, preAuthDeadline);
    }

    public SmtpServerSettings withAuthFailureDelay(Duration first, Duration max) {
        return new SmtpServerSettings(hostName, bindAddress, maxConnections, maxConnectionsPerSource,
                connectionTimeout, maxMessageSize, maxRecipients, first, max, preAuthDeadline);
    }

    public SmtpServerSettings withPreAuthDeadline(Duration deadline) {
        return new SmtpServerSettings(hostName, bindAddress, maxConnections, maxConnectionsPerSource,
                connectionTimeout, maxMessageSize, maxRecipients, authFailureDelay, authFailureMaxDelay, deadline);
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
