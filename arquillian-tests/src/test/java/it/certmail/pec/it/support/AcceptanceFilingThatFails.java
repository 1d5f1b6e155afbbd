package it.certmail.pec.it.support;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Alternative;
import jakarta.interceptor.Interceptor;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.transport.service.NoticeFiling;

/**
 * The notice filing of the deployment, except that filing the ricevuta di accettazione for {@link #SENDER} fails
 * with a checked exception: the access point has then already stored and queued the envelope, which is the moment
 * a half-committed submission would leave work behind.
 */
@Stateless
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 100)
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AcceptanceFilingThatFails extends NoticeFiling {

    public static final String SENDER = "fails-after-queueing@rollback.test";

    @Override
    public BlobRef send(MimeMessage notice, PecMessageKind kind, List<String> recipients, Instant now)
            throws MessagingException {
        if (kind == PecMessageKind.ACCEPTANCE && recipients.contains(SENDER)) {
            throw new MessagingException("filing the acceptance fails, as a test asks");
        }
        return super.send(notice, kind, recipients, now);
    }
}
