package it.certmail.pec.web.api.support;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import it.certmail.pec.mailbox.billing.domain.PaymentDeclinedException;
import it.certmail.pec.mailbox.domain.ChangeTooSoonException;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;

/** Typed mailbox errors to HTTP: invalid 400, not found 404, conflict and over quota 409, too soon 429. */
@Provider
public class MailboxExceptionMapper implements ExceptionMapper<MailboxException> {

    @Override
    public Response toResponse(MailboxException e) {
        Response.ResponseBuilder r = Response.status(status(e)).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorJson(e.getMessage()));
        retryAfter(e).ifPresent(seconds -> r.header("Retry-After", seconds));
        return r.build();
    }

    /** Seconds for {@code Retry-After}: when a change refused as too soon may be asked again. */
    static java.util.Optional<Long> retryAfter(MailboxException e) {
        return e instanceof ChangeTooSoonException soon ? java.util.Optional.of(soon.retryAfterSeconds())
                : java.util.Optional.empty();
    }

    static Response.Status status(MailboxException e) {
        if (e instanceof InvalidMailboxRequestException) {
            return Response.Status.BAD_REQUEST;
        }
        if (e instanceof MailboxNotFoundException) {
            return Response.Status.NOT_FOUND;
        }
        if (e instanceof PaymentDeclinedException) {
            return Response.Status.PAYMENT_REQUIRED;
        }
        if (e instanceof ChangeTooSoonException) {
            return Response.Status.TOO_MANY_REQUESTS;
        }
        if (e instanceof MailboxConflictException) {
            return Response.Status.CONFLICT;
        }
        // QuotaExceededException: the request conflicts with the mailbox's state
        return Response.Status.CONFLICT;
    }
}
