package it.certmail.pec.web.api.mailbox;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.web.api.support.ErrorJson;
import it.certmail.pec.web.api.support.MailboxOwnerFilter;
import it.certmail.pec.web.api.support.MailboxWebOwner;

/**
 * Cambio della password web da parte del titolare: HTTP Basic with the mailbox address and its current web
 * password; at most once in 24 hours (429 with {@code Retry-After} otherwise).
 */
@Path("/mailbox/web-password")
@MailboxWebOwner
@SecurityRequirement(name = "basic")
public class WebPasswordResource {

    @Inject
    MailboxService mailboxes;

    @Context
    SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The holder changes the web password (authenticated with the current one): 204; 400 if the"
            + " new one is too short; 429 with Retry-After if it changed less than 24 hours ago")
    public Response change(PasswordJson body) throws MailboxException {
        if (body == null || body.password() == null) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorJson("body {\"password\"} expected")).build();
        }
        mailboxes.changeWebPassword(MailboxOwnerFilter.address(security), body.password());
        return Response.noContent().build();
    }

    /** POST body: the new web password. */
    public record PasswordJson(String password) {
    }
}
