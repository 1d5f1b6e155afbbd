package it.certmail.pec.it.support;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.log.service.RegistroInOneStatement;
import it.certmail.pec.mailbox.service.MailboxService;

/**
 * A step in a container-managed transaction of its own, as the workers and the SMTP handlers run them: it writes
 * through JPA, records a registro entry, and then a synchronization registered after the registro's fails the
 * commit as the transaction completes.
 */
@Stateless
public class CommitThatFailsLate {

    @Inject
    MailboxService mailboxes;

    @Inject
    PecLog log;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordAndFailTheCommit(String msgid, String domain) throws Exception {
        work(msgid, domain, true);
    }

    /** The same, its entries kept until the call ends and written then in one statement, as the hot path does. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    @Interceptors(RegistroInOneStatement.class)
    public void recordInOneStatement(String msgid, String domain, boolean failTheCommit) throws Exception {
        work(msgid, domain, failTheCommit);
    }

    private void work(String msgid, String domain, boolean failTheCommit) throws Exception {
        mailboxes.createDomain(domain);
        for (LogEventType type : List.of(LogEventType.PRESA_IN_CARICO, LogEventType.CONSEGNA)) {
            log.record(new LogEvent(type, Instant.now(), msgid, "<c@x>", "alice@a.test", List.of("bob@b.test"),
                    "prova", List.of("<r2@pec.localhost>"), "PEC Locale", null));
        }
        if (!failTheCommit) {
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                throw new IllegalStateException("a step after the registro's fails the commit");
            }

            @Override
            public void afterCompletion(int status) {
            }
        });
    }
}
