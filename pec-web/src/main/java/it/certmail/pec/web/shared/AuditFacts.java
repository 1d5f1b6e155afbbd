package it.certmail.pec.web.shared;

import java.util.LinkedHashMap;
import java.util.Map;

import it.certmail.pec.mailbox.service.MailboxInfo;

/**
 * What the audit trail writes as a mailbox's "before" and "after": the facts an operator can change, the same from
 * the console and from the admin API, so the two channels' records compare.
 */
public final class AuditFacts {

    private AuditFacts() {
    }

    public static Map<String, Object> mailbox(MailboxInfo m) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("holder", m.holderName());
        facts.put("status", m.status());
        facts.put("plan", m.plan());
        facts.put("acceptOrdinaryMail", m.acceptOrdinaryMail());
        facts.put("blockNonPecRecipients", m.blockNonPecRecipients());
        facts.put("quotaBytes", m.quotaBytes());
        facts.put("expiresAt", m.expiresAt());
        return facts;
    }
}
