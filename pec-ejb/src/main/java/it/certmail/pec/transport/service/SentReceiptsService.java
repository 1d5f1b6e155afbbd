package it.certmail.pec.transport.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.log.model.LogEntry;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.mailbox.model.MailFolder;
import it.certmail.pec.mailbox.service.MessageStoreService;
import it.certmail.pec.mailbox.service.RawMessage;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.TimeoutStage;
import it.certmail.pec.receipts.infra.PecParts;
import it.certmail.pec.transport.domain.ReceiptPanels;
import it.certmail.pec.transport.model.Delivery;
import it.certmail.pec.transport.model.Transmission;

/**
 * Ricevute dei messaggi inviati: for the messages a mailbox sent, the per-recipient panels of
 * {@link ReceiptPanels}, from the tracking rows of the transport core, the receipts filed in the sender's INBOX (by
 * {@code X-Riferimento-Message-ID}, each read once for its daticert: who it speaks for, the error) and the
 * registro (which timeout notice is the 12 h and which the 24 h one). Everything is scoped to the one sender asked
 * for. Read only.
 */
@Stateless
public class SentReceiptsService {

    /** The kinds a sender's panels show. */
    private static final List<String> RECEIPT_KINDS = List.of(PecMessageKind.ACCEPTANCE.name(),
            PecMessageKind.TAKE_CHARGE.name(), PecMessageKind.DELIVERY.name(), PecMessageKind.DELIVERY_FAILURE.name(),
            PecMessageKind.DELIVERY_FAILURE_VIRUS.name(), PecMessageKind.DELIVERY_TIMEOUT.name());
    private static final Session SESSION = Session.getInstance(new Properties());

    /** One sent message and its panels. */
    public record SentMessage(String pecMsgid, String clientMsgid, String subject, Instant acceptedAt,
                              List<ReceiptPanels.Panel> panels) {
        public boolean waiting() {
            return panels.stream().anyMatch(ReceiptPanels.Panel::waiting);
        }
    }

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    MessageStoreService store;

    @Inject
    ReceiptFactsCache cache;

    @Inject
    Dispatcher dispatcher;

    /** The messages {@code sender} sent, newest first, accepted before {@code before} (null: from the newest). */
    public List<SentMessage> sent(String sender, Instant before, int limit) {
        var query = em.createQuery("SELECT t FROM Transmission t WHERE t.sender = :sender"
                        + (before == null ? "" : " AND t.acceptedAt < :before") + " ORDER BY t.acceptedAt DESC, t.id DESC",
                        Transmission.class)
                .setParameter("sender", sender.toLowerCase(Locale.ROOT)).setMaxResults(limit);
        if (before != null) {
            query.setParameter("before", before);
        }
        List<Transmission> page = query.getResultList();
        return messages(sender, page);
    }

    /**
     * The messages of {@code sender} with a PEC recipient still owing a delivery receipt, newest first: a recipient
     * with a deadline still to check (the tracking clears it for ordinary addresses, after the 24 h notice and after
     * a mancata consegna) and no delivery yet. No boolean column is compared: EclipseLink binds booleans as 1 and 0,
     * which H2 refuses to compare with a BOOLEAN.
     */
    public List<SentMessage> awaitingDelivery(String sender, int limit) {
        List<Transmission> page = em.createQuery("SELECT t FROM Transmission t WHERE t.sender = :sender AND EXISTS"
                        + " (SELECT r FROM Delivery r WHERE r.transmission = t AND r.nextCheckAt IS NOT NULL"
                        + " AND r.deliveredAt IS NULL AND r.failedAt IS NULL)"
                        + " ORDER BY t.acceptedAt DESC, t.id DESC", Transmission.class)
                .setParameter("sender", sender.toLowerCase(Locale.ROOT)).setMaxResults(limit).getResultList();
        return messages(sender, page).stream().filter(SentMessage::waiting).toList();
    }

    /**
     * The exact bytes of a receipt in {@code address}'s INBOX: only a receipt or notice, only of that mailbox; empty
     * otherwise.
     */
    public Optional<RawMessage> openReceipt(String address, long storedMessageId) {
        List<Long> ids = em.createQuery("SELECT m.id FROM StoredMessage m JOIN m.folder f JOIN f.mailbox mb"
                        + " WHERE m.id = :id AND mb.address = :address AND f.name = :inbox AND m.pecKind IN :kinds",
                        Long.class)
                .setParameter("id", storedMessageId).setParameter("address", address.toLowerCase(Locale.ROOT))
                .setParameter("inbox", MailFolder.INBOX).setParameter("kinds", RECEIPT_KINDS).getResultList();
        return ids.isEmpty() ? Optional.empty() : store.openRaw(address.toLowerCase(Locale.ROOT), storedMessageId);
    }

    private List<SentMessage> messages(String sender, List<Transmission> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<String, Transmission> byReference = new HashMap<>();
        for (Transmission t : page) {
            for (String id : new String[] {t.getPecMsgid(), t.getClientMsgid()}) {
                if (id != null) {
                    byReference.put(bare(id), t);
                }
            }
        }
        List<String> references = new ArrayList<>();
        byReference.keySet().forEach(id -> {
            references.add(id);
            references.add("<" + id + ">");
        });
        Map<Long, List<ReceiptPanels.Receipt>> receipts = new HashMap<>();
        Map<String, TimeoutStage> stages = timeoutStages(page);
        List<Object[]> rows = em.createQuery("SELECT m.id, m.uid, m.pecKind, m.internalDate, m.blobId,"
                        + " m.xRiferimentoMessageId, m.messageId FROM StoredMessage m JOIN m.folder f JOIN f.mailbox mb"
                        + " WHERE mb.address = :address AND f.name = :inbox AND m.xRiferimentoMessageId IN :references"
                        + " AND m.pecKind IN :kinds ORDER BY m.internalDate, m.id", Object[].class)
                .setParameter("address", sender.toLowerCase(Locale.ROOT)).setParameter("inbox", MailFolder.INBOX)
                .setParameter("references", references).setParameter("kinds", RECEIPT_KINDS).getResultList();
        for (Object[] r : rows) {
            Transmission t = byReference.get(bare((String) r[5]));
            long blobId = ((Number) r[4]).longValue();
            Optional<Daticert> d = cache.daticert(blobId, this::daticertOf);
            PecMessageKind kind = PecMessageKind.valueOf((String) r[2]);
            // a receipt of another transmission that happens to reuse the client's id is left out
            if (t == null || d.map(x -> !bare(x.identifier()).equals(bare(t.getPecMsgid()))).orElse(false)) {
                continue;
            }
            Instant filed = ((OffsetDateTime) r[3]).toInstant();
            List<String> covers = d.map(x -> switch (kind) {
                case ACCEPTANCE -> List.<String>of();
                case TAKE_CHARGE -> x.reception();
                default -> x.delivery() == null ? List.<String>of() : List.of(x.delivery());
            }).orElse(List.of());
            if (covers.isEmpty() && kind != PecMessageKind.ACCEPTANCE) {
                continue; // a receipt whose daticert could not be read names nobody: the tracking row still tells
            }
            receipts.computeIfAbsent(t.getId(), k -> new ArrayList<>()).add(new ReceiptPanels.Receipt(
                    ((Number) r[0]).longValue(), ((Number) r[1]).longValue(), kind,
                    d.map(x -> x.time().toInstant()).orElse(filed), covers,
                    d.map(Daticert::error).orElse(DaticertError.NONE), d.map(Daticert::extendedError).orElse(null),
                    r[6] == null ? null : stages.get(bare((String) r[6]))));
        }
        Map<Long, List<ReceiptPanels.Tracked>> tracked = new LinkedHashMap<>();
        em.createQuery("SELECT r FROM Delivery r WHERE r.transmission IN :page ORDER BY r.id",
                        Delivery.class)
                .setParameter("page", page).getResultList()
                .forEach(r -> tracked.computeIfAbsent(r.getTransmission().getId(), k -> new ArrayList<>())
                        .add(new ReceiptPanels.Tracked(r.getRecipient(), r.isCertified(), r.getDispatchedAt(),
                                r.getTakenChargeAt(), r.getDeliveredAt(), r.getFailedAt(), r.isWarningSent(),
                                r.isFinalSent())));
        return page.stream().map(t -> new SentMessage(t.getPecMsgid(), t.getClientMsgid(), t.getSubject(),
                t.getAcceptedAt(), ReceiptPanels.panels(tracked.getOrDefault(t.getId(), List.of()),
                        receipts.getOrDefault(t.getId(), List.of())))).toList();
    }

    /** The 12 h and 24 h notices are one kind on the wire; the registro tells them apart by their Message-ID. */
    private Map<String, TimeoutStage> timeoutStages(List<Transmission> page) {
        Map<String, TimeoutStage> stages = new HashMap<>();
        em.createQuery("SELECT e FROM LogEntry e WHERE e.msgid IN :ids AND e.eventType IN :types", LogEntry.class)
                .setParameter("ids", page.stream().map(t -> bare(t.getPecMsgid())).toList())
                .setParameter("types", List.of(LogEventType.MANCATA_CONSEGNA_12H, LogEventType.MANCATA_CONSEGNA_24H))
                .getResultList().forEach(e -> {
                    TimeoutStage stage = e.getEventType() == LogEventType.MANCATA_CONSEGNA_12H
                            ? TimeoutStage.WARNING_12_HOURS : TimeoutStage.FINAL_24_HOURS;
                    String ids = e.getGeneratedIds();
                    if (ids != null) {
                        for (String id : ids.trim().split(" +")) {
                            stages.put(bare(id), stage);
                        }
                    }
                });
        return stages;
    }

    private Optional<Daticert> daticertOf(long blobId) {
        try (InputStream in = dispatcher.blobs().open(blobId); Spool raw = Spool.copyOf(in)) {
            MimeMessage m = new MimeMessage(SESSION, raw.openShared());
            return PecParts.daticert(m).flatMap(xml -> DaticertReader.read(xml).daticert());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }

    static String bare(String id) {
        String s = id == null ? "" : id.strip();
        return s.length() >= 2 && s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1).strip() : s;
    }
}
