package it.certmail.pec.mailbox.service;

import java.time.Instant;

import it.certmail.pec.mailbox.domain.MailAddresses;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.MailboxStatus;

/**
 * Dati della casella, detached from JPA: what the admin API and the protocol servers see.
 *
 * @param plan      {@code null} until the lifecycle issue
 * @param expiresAt {@code null} when the mailbox does not expire
 */
public record MailboxInfo(String address, String domain, String holderName, String referenceEmail,
        MailboxStatus status, boolean acceptOrdinaryMail, boolean blockNonPecRecipients, long quotaBytes,
        long usedBytes, String plan, Instant createdAt, Instant expiresAt, boolean clientPasswordSet,
        Instant clientPasswordSetAt) {

    /** @param usedBytes the current figure ({@link Mailbox#getUsedBytes()} may lag) */
    static MailboxInfo of(Mailbox m, long usedBytes) {
        // the domain from the address: no lazy load of the relation after the transaction
        return new MailboxInfo(m.getAddress(), MailAddresses.domainOf(m.getAddress()), m.getHolderName(), m.getReferenceEmail(),
                m.getStatus(), m.isAcceptOrdinaryMail(), m.isBlockNonPecRecipients(), m.getQuotaBytes(), usedBytes,
                m.getPlan(), m.getCreatedAt().toInstant(),
                m.getExpiresAt() == null ? null : m.getExpiresAt().toInstant(),
                m.getClientPasswordHash() != null,
                m.getClientPasswordSetAt() == null ? null : m.getClientPasswordSetAt().toInstant());
    }
}
