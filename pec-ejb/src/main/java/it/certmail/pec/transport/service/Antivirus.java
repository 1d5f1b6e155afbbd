package it.certmail.pec.transport.service;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.mailbox.infra.BlobRef;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.transport.domain.ScanResult;
import it.certmail.pec.transport.domain.VirusScanner;
import it.certmail.pec.transport.infra.antivirus.ClamdClient;
import it.certmail.pec.transport.model.QuarantinedMessage;

/**
 * Virus checks of the access and reception points (RFC 6109 §5.4) through clamd, when {@code pec.antivirus.clamd}
 * is set, and the quarantine where infected messages are kept 30 months (§2.2.4).
 */
@Stateless
public class Antivirus {

    private static final Logger LOG = Logger.getLogger(Antivirus.class.getName());
    private static final int QUARANTINE_MONTHS = 30;

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    TransportSettings transport;

    @Inject
    Dispatcher dispatcher;

    private Optional<VirusScanner> scanner;

    @PostConstruct
    void init() {
        scanner = transport.clamd().map(c -> (VirusScanner) new ClamdClient(ClamdClient.parseAddress(c)));
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
        }
    }

    /**
     * Scans a stored blob. Clean when no scanner is configured.
     *
     * @throws IOException when the scan could not be done: the caller must not go on as if the message were clean
     */
    public Optional<String> virusIn(long blobId) throws IOException {
        if (scanner.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = dispatcher.blobs().open(blobId)) {
            return virusIn(in);
        }
    }

    /** Scans a spooled message. Clean when no scanner is configured. @throws IOException as {@link #virusIn(long)} */
    public Optional<String> virusIn(Spool message) throws IOException {
        if (scanner.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = message.open()) {
            return virusIn(in);
        }
    }

    private Optional<String> virusIn(InputStream in) throws IOException {
        ScanResult result = scanner.get().scan(in);
        if (result instanceof ScanResult.Infected infected) {
            return Optional.of(infected.name());
        }
        if (result instanceof ScanResult.Failed failed) {
            throw new IOException("virus scan failed: " + failed.reason());
        }
        return Optional.empty();
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
