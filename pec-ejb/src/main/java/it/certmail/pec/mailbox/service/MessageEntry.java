package it.certmail.pec.mailbox.service;

import java.time.Instant;
import java.util.List;

import it.certmail.pec.mailbox.model.StoredMessage;

/**
 * Voce dell'elenco messaggi: one stored message as lists show it, detached from JPA.
 *
 * @param pecKind a PecMessageKind name, {@code ORDINARY}, or {@code null} when unknown
 * @param flags   IMAP flags, system flags first
 */
public record MessageEntry(long id, String folder, long uid, String subject, String messageId,
        String xRiferimentoMessageId, String fromAddress, long size, Instant receivedAt, String pecKind,
        List<String> flags, long modseq) {

    static MessageEntry of(StoredMessage m) {
        return new MessageEntry(m.getId(), m.getFolder().getName(), m.getUid(), m.getSubject(), m.getMessageId(),
                m.getXRiferimentoMessageId(), m.getFromAddress(), m.getSizeBytes(), m.getInternalDate().toInstant(),
                m.getPecKind(), List.copyOf(m.getFlags()), m.getModseq());
    }
}
