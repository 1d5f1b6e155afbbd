package it.certmail.pec.transport.infra.smtp;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scadenza della transazione (reception point): SubEthaSMTP's timeout is a read timeout, reset by every byte, so a
 * client trickling bytes (slowloris) would hold a connection thread for ever. Here a connection must make progress:
 * <ul>
 * <li>between progress points (the connection's start, MAIL, each RCPT, the end of a message) at most
 * {@code commandTimeout};</li>
 * <li>in DATA, the message must keep coming at {@code minDataRate} bytes/s on average after a grace of
 * {@code commandTimeout}: the deadline is {@code start + commandTimeout + received / minDataRate}, so a peer
 * sending at that rate or faster is never cut, whatever the size (Postfix: smtpd_timeout + smtpd_min_data_rate);
 * </li>
 * <li>under stress (from {@code stressSessions} connections open, the listener close to full, until it is back to
 * half that), the grace is {@code stressTimeout} instead: stalled connections make room for peers that talk
 * (Postfix's stress mode).</li>
 * </ul>
 * Our own work (the handler judging and storing a received message) never counts against the client.
 */
public record TransactionDeadline(Duration commandTimeout, long minDataRate, Duration stressTimeout,
                                  int stressSessions) {

    /** Postfix's smtpd_timeout (and RFC 5321 §4.5.3.2's 5 minutes for a command). */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(5);
    /** 1 KB/s (8 kbit/s): slower than any real link; a 100 MB message at that rate takes 28 hours. */
    public static final long DEFAULT_MIN_DATA_RATE = 1024;
    /** Postfix's stress-mode smtpd_timeout. */
    public static final Duration DEFAULT_STRESS_TIMEOUT = Duration.ofSeconds(10);

    public TransactionDeadline {
        requirePositive(commandTimeout, "commandTimeout");
        requirePositive(stressTimeout, "stressTimeout");
        if (minDataRate <= 0 || stressSessions <= 0) {
            throw new IllegalArgumentException("minDataRate and stressSessions must be positive");
        }
    }

    /** The defaults, with stress from three quarters of {@code maxConnections}. */
    public static TransactionDeadline defaults(int maxConnections) {
        return new TransactionDeadline(DEFAULT_COMMAND_TIMEOUT, DEFAULT_MIN_DATA_RATE, DEFAULT_STRESS_TIMEOUT,
                stressFrom(maxConnections));
    }

    /** Three quarters of the listener's connections, at least one. */
    public static int stressFrom(int maxConnections) {
        return Math.max(1, maxConnections * 3 / 4);
    }

    /**
     * Whether the listener is under stress with {@code openSessions} open: from {@code stressSessions}, and until
     * back to half of them (else the first stalled connections cut would end the stress for the others).
     */
    public boolean stressed(int openSessions, boolean wasStressed) {
        return openSessions >= stressSessions || wasStressed && openSessions > stressSessions / 2;
    }

    /** Whether the connection at {@code progress} has missed its deadline. */
    public boolean overdue(Progress progress, Instant now, boolean stressed) {
        Duration grace = stressed ? stressTimeout : commandTimeout;
        return switch (progress.phase) {
            case COMMANDS -> now.isAfter(progress.since.plus(grace));
            case DATA -> {
                long allowedMillis = grace.toMillis() + progress.dataBytes.get() * 1000 / minDataRate;
                yield now.isAfter(progress.since.plusMillis(allowedMillis));
            }
            case HANDLING -> false;
        };
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** Where one connection stands; updated by its own thread, read by the sweeper. */
    public static final class Progress {
        enum Phase { COMMANDS, DATA, HANDLING }

        private volatile Phase phase = Phase.COMMANDS;
        private volatile Instant since;
        private final AtomicLong dataBytes = new AtomicLong();

        public Progress(Instant start) {
            this.since = start;
        }

        /** A command that moves the transaction on (MAIL, RCPT) or a message finished: the grace starts again. */
        public void advanced(Instant now) {
            since = now;
            phase = Phase.COMMANDS;
        }

        /** DATA accepted: the message's bytes start coming. */
        public void dataStarted(Instant now) {
            dataBytes.set(0);
            since = now;
            phase = Phase.DATA;
        }

        /** Message bytes received. */
        public void received(long bytes) {
            dataBytes.addAndGet(bytes);
        }

        /** The whole message is in: our own processing follows, which the client does not pay for. */
        public void dataEnded() {
            phase = Phase.HANDLING;
        }

        /** Bytes of the current message so far. */
        public long dataBytes() {
            return dataBytes.get();
        }
    }
}
