package it.certmail.pec.web.api.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.operator.domain.AuditValues;
import it.certmail.pec.web.shared.AuditFacts;

/**
 * The state an admin API change may alter, read before the resource runs and again after it, so the audit trail has
 * a "before" and an "after" and not only the request. Today: a mailbox ({@code admin/mailboxes/{address}/...}); other
 * paths keep the request body alone as their "after".
 */
@ApplicationScoped
public class ApiChangeSnapshots {

    @Inject
    MailboxService mailboxes;

    /** The state at {@code path} as the trail writes it, or null when the path names nothing snapshotted. */
    public String of(String path) {
        String[] s = (path.startsWith("/") ? path.substring(1) : path).split("/");
        if (s.length >= 3 && s[0].equals("admin") && s[1].equals("mailboxes") && !s[2].isEmpty()) {
            return mailboxes.findMailbox(s[2]).map(m -> AuditValues.of(AuditFacts.mailbox(m))).orElse(null);
        }
        return null;
    }
}
