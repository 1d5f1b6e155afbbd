package it.certmail.pec.access.imap.domain;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Impostazioni IMAP/POP3: limits and timeouts of the protocol sessions.
 *
 * @param loginFailureDelay  pause before answering a failed login
 * @param maxLoginFailures   failed logins after which the connection is closed
 * @param preAuthTimeout     silence allowed before login
 * @param authTimeout        silence allowed after login (IDLE included: clients re-issue it every 29 minutes)
 * @param maxAppendBytes     largest APPEND literal
 * @param idlePoll           how often an IDLE session looks at the store without a notification
 * @param zone               zone of INTERNALDATE and of SEARCH dates
 */
public record ImapSettings(String serverName, Duration loginFailureDelay, int maxLoginFailures,
        Duration preAuthTimeout, Duration authTimeout, long maxAppendBytes, Duration idlePoll, ZoneId zone) {

    public static ImapSettings defaults() {
        return new ImapSettings("PEC", Duration.ofSeconds(2), 3, Duration.ofSeconds(60), Duration.ofMinutes(30),
                100L * 1024 * 1024, Duration.ofSeconds(10), ZoneId.of("Europe/Rome"));
    }

    public ImapSettings withLoginFailureDelay(Duration delay) {
        return new ImapSettings(serverName, delay, maxLoginFailures, preAuthTimeout, authTimeout, maxAppendBytes,
                idlePoll, zone);
    }

    public ImapSettings withTimeouts(Duration preAuth, Duration auth) {
        return new ImapSettings(serverName, loginFailureDelay, maxLoginFailures, preAuth, auth, maxAppendBytes,
                idlePoll, zone);
    }

    public ImapSettings withServerName(String name) {
        return new ImapSettings(name, loginFailureDelay, maxLoginFailures, preAuthTimeout, authTimeout,
                maxAppendBytes, idlePoll, zone);
    }
}
