package it.certmail.pec.transport.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import it.certmail.pec.transport.domain.StaticRoutes;
import it.certmail.pec.transport.domain.SubmissionLimits;
import it.certmail.pec.transport.domain.UnscannedPolicy;

/** The transport's part of the operator contract (architecture.md §4), read once. */
@ApplicationScoped
public class TransportSettings {

    @Inject @ConfigProperty(name = "pec.smtp.submission.port", defaultValue = "10465")
    int submissionPort;

    @Inject @ConfigProperty(name = "pec.smtp.starttls.port", defaultValue = "10587")
    int startTlsPort;

    @Inject @ConfigProperty(name = "pec.smtp.inbound.port", defaultValue = "10025")
    int inboundPort;

    @Inject @ConfigProperty(name = "pec.smtp.bind", defaultValue = "0.0.0.0")
    String bindAddress;

    @Inject @ConfigProperty(name = "pec.relay.routes")
    Optional<String> relayRoutes;

    @Inject @ConfigProperty(name = "pec.antivirus.clamd")
    Optional<String> clamd;

    /** refuse (default) | accept-unscanned: what to do with a message clamd could not scan. */
    @Inject @ConfigProperty(name = UnscannedPolicy.KEY, defaultValue = "refuse")
    String unscanned;

    @Inject @ConfigProperty(name = "pec.submission.max.recipients", defaultValue = "1000")
    int maxRecipients;

    @Inject @ConfigProperty(name = "pec.submission.max.total.bytes", defaultValue = "104857600")
    long maxTotalBytes;

    @Inject @ConfigProperty(name = "pec.submission.max.message.bytes", defaultValue = "104857600")
    long maxMessageBytes;

    /** Relay to peers without checking their certificate's host name (test rigs with IP routes). */
    @Inject @ConfigProperty(name = "pec.relay.verify.hostname", defaultValue = "true")
    boolean verifyHostname;

    /** Worker loops per node taking reception work (deposits and receipts) and relay work (SMTP to others). */
    @Inject @ConfigProperty(name = "pec.transport.reception.threads", defaultValue = "4")
    int receptionThreads;

    @Inject @ConfigProperty(name = "pec.transport.relay.threads", defaultValue = "2")
    int relayThreads;

    /** Time a submission client has to authenticate, trickled bytes or not (slowloris); then the connection ends. */
    @Inject @ConfigProperty(name = "pec.smtp.preauth.timeout.seconds", defaultValue = "60")
    long preAuthTimeoutSeconds;

    /** Reception point (port 25): time a connection has between progress points (start, MAIL, RCPT, a message's end),
     *  and the grace before DATA must keep the minimum rate; see {@code TransactionDeadline}. */
    @Inject @ConfigProperty(name = "pec.smtp.reception.command.timeout.seconds", defaultValue = "300")
    long receptionCommandTimeoutSeconds;

    /** Reception point: the slowest average rate (bytes/s) at which a message may come in DATA. */
    @Inject @ConfigProperty(name = "pec.smtp.reception.min.data.rate", defaultValue = "1024")
    long receptionMinDataRate;

    /** Reception point: the grace instead of the command timeout when the listener is three quarters full. */
    @Inject @ConfigProperty(name = "pec.smtp.reception.stress.timeout.seconds", defaultValue = "10")
    long receptionStressTimeoutSeconds;

    public java.time.Duration receptionCommandTimeout() { return java.time.Duration.ofSeconds(Math.max(1, receptionCommandTimeoutSeconds)); }
    public long receptionMinDataRate() { return Math.max(1, receptionMinDataRate); }
    public java.time.Duration receptionStressTimeout() { return java.time.Duration.ofSeconds(Math.max(1, receptionStressTimeoutSeconds)); }
    public java.time.Duration preAuthTimeout() { return java.time.Duration.ofSeconds(Math.max(1, preAuthTimeoutSeconds)); }
    public int receptionThreads() { return Math.max(1, receptionThreads); }
    public int relayThreads() { return Math.max(1, relayThreads); }
    public int submissionPort() { return submissionPort; }
    public int startTlsPort() { return startTlsPort; }
    public int inboundPort() { return inboundPort; }
    public String bindAddress() { return bindAddress; }
    public boolean verifyHostname() { return verifyHostname; }

    public StaticRoutes routes() {
        return relayRoutes.filter(r -> !r.isBlank()).map(StaticRoutes::parse).orElse(StaticRoutes.none());
    }

    public Optional<String> clamd() {
        return clamd.filter(c -> !c.isBlank());
    }

    public UnscannedPolicy unscannedPolicy() {
        return UnscannedPolicy.parse(unscanned);
    }

    public SubmissionLimits limits() {
        return new SubmissionLimits(maxRecipients, maxTotalBytes, maxMessageBytes);
    }
}
