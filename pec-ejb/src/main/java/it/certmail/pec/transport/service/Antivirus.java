package it.certmail.pec.transport.service;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.transport.domain.UnscannedPolicy;
import it.certmail.pec.transport.domain.VirusScanner;
import it.certmail.pec.transport.infra.antivirus.ClamdClient;
import it.certmail.pec.transport.model.QuarantinedMessage;

/**
 * Virus checks of the access and reception points (RFC 6109 §5.4) through clamd, when {@code pec.antivirus.clamd}
 * is set, and the quarantine where infected messages are kept 30 months (§2.2.4). A message clamd could not scan
 * is refused for now or taken with an entry in the registro, as {@code pec.antivirus.unavailable} says.
 */
@Stateless
public class Antivirus {

    private static final Logger LOG = Logger.getLogger(Antivirus.class.getName());
    private static final int QUARANTINE_MONTHS = 30;

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    TransportSettings transport;

    @EJB
    Dispatcher dispatcher;

    @EJB
    PecLog log;

    private Optional<VirusScanner> scanner;
    private UnscannedPolicy unscannedPolicy;

    @PostConstruct
    void init() {
        scanner = transport.clamd().map(c -> (VirusScanner) new ClamdClient(ClamdClient.parseAddress(c)));
        unscannedPolicy = transport.unscannedPolicy();
    }

    /**
     * Whether clamd answers a PING now; empty when no scanner is configured (the dashboard shows "not configured").
     */
    public Optional<Boolean> clamdAnswers() {
        return scanner.map(s -> s instanceof ClamdClient clamd && clamd.ping());
    }

    /** Logged once at start when no scanner is configured: the rules require one in production. */
    public static void warnIfDisabled(TransportSettings transport) {
        if (transport.clamd().isEmpty()) {
            LOG.warning("pec.antivirus.clamd is not set: messages are NOT scanned for viruses (RFC 6109 §5.4 requires it"
                    + " in production)");
        } else if (transport.unscannedPolicy() == UnscannedPolicy.ACCEPT_UNSCANNED) {
            LOG.warning(UnscannedPolicy.KEY + "=accept-unscanned: while clamd is unavailable messages are accepted"
                    + " unscanned, each with an entry in the registro dei messaggi");
        }
    }

    /**
     * Scans a spooled message. Clean when no scanner is configured. When the scan fails and the policy takes the
     * message unscanned, {@code unscannedEntry} (given the reason) is written in the registro, in the caller's
     * transaction, so the entry commits with whatever the caller does with the message.
     *
     * @throws IOException when the scan failed and the policy refuses (the default)
     */
    public Optional<String> virusIn(Spool message, Function<String, LogEvent> unscannedEntry) throws IOException {
        if (scanner.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = message.open()) {
            return virusIn(in, unscannedEntry);
        }
    }

    private Optional<String> virusIn(InputStream in, Function<String, LogEvent> unscannedEntry) throws IOException {
        UnscannedPolicy.Verdict verdict = unscannedPolicy.judge(scanner.get().scan(in));
        if (verdict instanceof UnscannedPolicy.Unscanned unscanned) {
            LOG.warning("message accepted unscanned (" + UnscannedPolicy.KEY + "=accept-unscanned): "
                    + unscanned.reason());
            log.record(unscannedEntry.apply(UnscannedPolicy.logDetail(unscanned.reason())));
        }
        return UnscannedPolicy.virusOf(verdict);
    }

    /** Keeps an infected message apart for 30 months (joins the caller's transaction). */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void quarantine(BlobRef blob, String virus, QuarantinedMessage.Origin origin, String msgid, String sender,
                           Instant now) {
        dispatcher.blobs().retain(blob.id());
        Instant keepUntil = now.atOffset(ZoneOffset.UTC).plusMonths(QUARANTINE_MONTHS).toInstant();
        em.persist(new QuarantinedMessage(blob.id(), now, keepUntil, virus, origin, msgid, sender));
    }
}
