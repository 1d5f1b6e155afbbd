package it.certmail.pec.web.api.admin;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.mailbox.service.MailboxInfo;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.web.api.support.AdminOnly;
import it.certmail.pec.web.api.support.ErrorJson;

/** Mailboxes: creation, settings, client passwords (architecture.md §4 fixes these JSON names). */
@Path("/admin/mailboxes")
@AdminOnly
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class MailboxesResource {

    @Inject
    MailboxService mailboxes;

    @Context
    UriInfo uriInfo;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a mailbox in a local domain: 201; 400 bad address or unknown domain; 409 if it exists")
    public Response create(NewMailboxJson body) throws MailboxException {
        if (body == null) {
            return badRequest("body {\"address\", \"password\", \"holderName\", \"referenceEmail\", \"plan\"?} expected");
        }
        MailboxInfo created = mailboxes.createMailbox(body.address(), body.password(), body.holderName(),
                body.referenceEmail(), body.plan());
        return Response.created(uriInfo.getAbsolutePathBuilder().path(created.address()).build())
                .entity(MailboxJson.of(created)).build();
    }

    @GET
    @Path("/{address}")
    @Operation(summary = "A mailbox: status, plan, expiry, usage and settings; 404 if absent")
    public MailboxJson get(@PathParam("address") String address) throws MailboxException {
        return MailboxJson.of(mailboxes.getMailbox(address));
    }

    @PATCH
    @Path("/{address}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change acceptOrdinaryMail, blockNonPecRecipients and/or status; absent fields stay as they are")
    public Response patch(@PathParam("address") String address, MailboxPatchJson body) throws MailboxException {
        if (body == null) {
            return badRequest("body {\"acceptOrdinaryMail\"?, \"blockNonPecRecipients\"?, \"status\"?} expected");
        }
        MailboxStatus status = null;
        if (body.status() != null) {
            try {
                status = MailboxStatus.valueOf(body.status().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return badRequest("status must be one of " + Arrays.toString(MailboxStatus.values()));
            }
        }
        return Response.ok(MailboxJson.of(mailboxes.patch(address, body.acceptOrdinaryMail(),
                body.blockNonPecRecipients(), status))).build();
    }

    @POST
    @Path("/{address}/client-password")
    @Operation(summary = "Generate a new client password (IMAP, POP3, SMTP, mailbox API); shown only in this answer")
    public ClientPasswordJson clientPassword(@PathParam("address") String address) throws MailboxException {
        return new ClientPasswordJson(mailboxes.generateClientPassword(address));
    }

    private static Response badRequest(String message) {
        return Response.status(Response.Status.BAD_REQUEST).entity(new ErrorJson(message)).build();
    }

    /** POST body; {@code plan} is optional until the lifecycle issue. */
    public record NewMailboxJson(String address, String password, String holderName, String referenceEmail, String plan) {
    }

    /** PATCH body: every field optional. */
    public record MailboxPatchJson(Boolean acceptOrdinaryMail, Boolean blockNonPecRecipients, String status) {
    }

    /** The new client password, in clear, once. */
    public record ClientPasswordJson(String password) {
    }

    /** A mailbox as the API shows it; null values are written as null, not left out. */
    @JsonbNillable
    public record MailboxJson(String address, String status, String plan, Instant expiresAt, long usedBytes,
            long quotaBytes, boolean acceptOrdinaryMail, boolean blockNonPecRecipients, String holderName,
            String referenceEmail, Instant createdAt, boolean clientPasswordSet) {

        static MailboxJson of(MailboxInfo m) {
            return new MailboxJson(m.address(), m.status().name(), m.plan(), m.expiresAt(), m.usedBytes(),
                    m.quotaBytes(), m.acceptOrdinaryMail(), m.blockNonPecRecipients(), m.holderName(),
                    m.referenceEmail(), m.createdAt(), m.clientPasswordSet());
        }
    }
}
