package it.certmail.pec.web.api.admin;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.mailbox.billing.model.Invoice;
import it.certmail.pec.mailbox.billing.model.PurchaseOrder;
import it.certmail.pec.mailbox.billing.service.BillingService;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.mailbox.service.MailboxInfo;
import it.certmail.pec.mailbox.service.MailboxListing;
import it.certmail.pec.mailbox.service.MailboxSearch;
import it.certmail.pec.mailbox.service.LifecycleService;
import it.certmail.pec.mailbox.service.LifecycleView;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.web.api.admin.AccountOperations.AddOnJson;
import it.certmail.pec.web.api.admin.AccountOperations.RenewalJson;
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

    @Inject
    LifecycleService lifecycle;

    @Inject
    BillingService billing;

    @Inject
    AccountOperations account;

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
                body.referenceEmail(), body.plan(), body.termYears(), Boolean.TRUE.equals(body.autoRenew()),
                body.paymentToken());
        if (body.mobileNumber() != null) {
            billing.paymentMethod(created.address(), null, null, body.mobileNumber());
        }
        return Response.created(uriInfo.getAbsolutePathBuilder().path(created.address()).build())
                .entity(MailboxJson.of(created, lifecycle.view(created.address()).orElse(null))).build();
    }

    @GET
    @Operation(summary = "Mailboxes in address order, a page at a time: q (optional) matches the start of the address or"
            + " of the holder's name, any case; after = the last address of the previous page; limit 1..200"
            + " (default 50); status and plan (optional) filter exactly. The next page exists while a page comes"
            + " back full")
    public List<MailboxListingJson> search(@QueryParam("q") String q, @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("50") int limit, @QueryParam("status") String status,
            @QueryParam("plan") String plan) {
        if (limit < 1 || limit > MailboxService.MAX_SEARCH_LIMIT) {
            throw new jakarta.ws.rs.BadRequestException(Response.status(Response.Status.BAD_REQUEST)
                    .entity(new ErrorJson("limit must be 1.." + MailboxService.MAX_SEARCH_LIMIT)).build());
        }
        if (status == null && plan == null) {
            return mailboxes.searchMailboxes(q, after, limit).stream().map(MailboxListingJson::of).toList();
        }
        // filtered as the console's list is, through the same service
        MailboxStatus wanted;
        try {
            wanted = status == null || status.isBlank() ? null
                    : MailboxStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new jakarta.ws.rs.BadRequestException(Response.status(Response.Status.BAD_REQUEST)
                    .entity(new ErrorJson("status must be one of " + Arrays.toString(MailboxStatus.values()))).build());
        }
        MailboxSearch.Cursor cursor = after == null || after.isBlank() ? null
                : new MailboxSearch.Cursor(after.strip().toLowerCase(Locale.ROOT), null);
        return mailboxes.searchMailboxes(new MailboxSearch(q, wanted, plan, MailboxSearch.Sort.ADDRESS_ASC, cursor,
                limit)).stream().map(MailboxListingJson::of).toList();
    }

    @GET
    @Path("/{address}")
    @Operation(summary = "A mailbox: status, plan, expiry, usage and settings; 404 if absent")
    public MailboxJson get(@PathParam("address") String address) throws MailboxException {
        MailboxInfo m = mailboxes.getMailbox(address);
        return MailboxJson.of(m, lifecycle.view(m.address()).orElse(null));
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
        MailboxInfo m = mailboxes.patch(address, body.acceptOrdinaryMail(), body.blockNonPecRecipients(), status);
        if (body.paymentToken() != null || body.autoRenew() != null || body.mobileNumber() != null) {
            billing.paymentMethod(m.address(), body.paymentToken(), body.autoRenew(), body.mobileNumber());
        }
        return Response.ok(MailboxJson.of(m, lifecycle.view(m.address()).orElse(null))).build();
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

    @POST
    @Path("/{address}/renewal")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Renew (or reactivate, or buy a plan for a lapsed mailbox), charged to its payment method now:"
            + " 200 with the order; 409 if disabled/closed or the content does not fit the plan; 402 if declined")
    public OrderJson renew(@PathParam("address") String address, RenewalJson body) throws MailboxException {
        return account.renew(address, body);
    }

    @POST
    @Path("/{address}/addons")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Buy add-on units (EXTRA_GB, ARCHIVE_GB, USER_SEAT, SMS_NOTIFICATIONS) until the expiry, pro rata"
            + " by the months left; negative units give space back, never below what is used")
    public Response addOn(@PathParam("address") String address, AddOnJson body) throws MailboxException {
        return account.addOn(address, body);
    }

    @POST
    @Path("/{address}/plan")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change plan: an upgrade at once (the difference pro rata), a downgrade only if the content fits"
            + " (the archive is deleted when the new plan has none)")
    public Response changePlan(@PathParam("address") String address, RenewalJson body) throws MailboxException {
        return account.changePlan(address, body);
    }

    @POST
    @Path("/{address}/withdrawal")
    @Operation(summary = "Recesso: the holder withdraws; the mailbox is closed to mail now, its content downloadable from the holder area for 30 days and then deleted, the address is"
            + " reserved for the holder for 5 years")
    public Response withdraw(@PathParam("address") String address) throws MailboxException {
        return account.withdraw(address);
    }

    @POST
    @Path("/{address}/web-password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the web password: at most once in 24 hours (429 with Retry-After otherwise)")
    public Response webPassword(@PathParam("address") String address, WebPasswordJson body) throws MailboxException {
        if (body == null || body.password() == null) {
            return badRequest("body {\"password\"} expected");
        }
        mailboxes.changeWebPassword(address, body.password());
        return Response.noContent().build();
    }

    @GET
    @Path("/{address}/orders")
    @Operation(summary = "Orders and their invoices, oldest first")
    public List<OrderJson> orders(@PathParam("address") String address) {
        return account.orders(address);
    }

    @GET
    @Path("/{address}/notices")
    @Operation(summary = "Notices to the holder (e-mail, SMS, PEC): queued and sent")
    public List<NoticeJson> notices(@PathParam("address") String address) {
        return lifecycle.notices(address).stream().map(n -> new NoticeJson(n.getChannel().name(), n.getRecipient(),
                n.getSubject(), n.getCreatedAt(), n.getSentAt(), n.getAttempts(), n.getLastError())).toList();
    }

    /**
     * POST body. {@code plan} picks a catalog plan ({@code GET /api/admin/plans}); {@code termYears} 1..5 on
     * multi-year plans; the first period is paid; renewals and add-ons charge {@code paymentToken}.
     */
    public record NewMailboxJson(String address, String password, String holderName, String referenceEmail, String plan,
            Integer termYears, Boolean autoRenew, String paymentToken, String mobileNumber) {
    }

    /** PATCH body: every field optional. */
    public record MailboxPatchJson(Boolean acceptOrdinaryMail, Boolean blockNonPecRecipients, String status,
            String paymentToken, Boolean autoRenew, String mobileNumber) {
    }

    public record WebPasswordJson(String password) {
    }

    /** An order; amounts in cents; {@code invoiceNumber} null for a free order. */
    @JsonbNillable
    public record OrderJson(long id, String kind, String plan, String description, long netCents, String discountCode,
            long discountCents, long taxableCents, int vatBasisPoints, long vatCents, long totalCents, Instant createdAt,
            String invoiceNumber) {

        public static OrderJson of(PurchaseOrder o) {
            return of(o, null);
        }

        public static OrderJson of(PurchaseOrder o, Invoice i) {
            return new OrderJson(o.getId(), o.getKind().name(), o.getPlanCode(), o.getDescription(), o.getNetCents(),
                    o.getDiscountCode(), o.getDiscountCents(), o.getTaxableCents(), o.getVatBps(), o.getVatCents(),
                    o.getTotalCents(), o.getCreatedAt(), i == null ? null : i.getNumber());
        }
    }

    @JsonbNillable
    public record NoticeJson(String channel, String recipient, String subject, Instant createdAt, Instant sentAt,
            int attempts, String lastError) {
    }

    /** One row of the paged search; {@code plan} and {@code expiresAt} null for a mailbox without a plan. */
    @JsonbNillable
    public record MailboxListingJson(String address, String holderName, String status, String plan, Instant createdAt,
            Instant expiresAt) {

        static MailboxListingJson of(MailboxListing l) {
            return new MailboxListingJson(l.address(), l.holderName(), l.status().name(), l.plan(), l.createdAt(),
                    l.expiresAt());
        }
    }

    /** The new client password, in clear, once. */
    public record ClientPasswordJson(String password) {
    }

    /**
     * A mailbox as the API shows it; null values are written as null, not left out. The lifecycle fields are null
     * for a mailbox without a plan: {@code phase}, {@code activatedAt}, the pending step {@code nextStep} due at
     * {@code nextStepAt}, {@code archiveBytes} (part of {@code usedBytes}), running {@code addOns}.
     */
    @JsonbNillable
    public record MailboxJson(String address, String status, String plan, Instant expiresAt, long usedBytes,
            long quotaBytes, boolean acceptOrdinaryMail, boolean blockNonPecRecipients, String holderName,
            String referenceEmail, Instant createdAt, boolean clientPasswordSet, String phase, Instant activatedAt,
            Boolean autoRenew, Integer termYears, Boolean paymentMethod, String nextStep, Instant nextStepAt,
            Long archiveBytes, List<String> addOns) {

        public static MailboxJson of(MailboxInfo m) {
            return of(m, null);
        }

        public static MailboxJson of(MailboxInfo m, LifecycleView l) {
            return new MailboxJson(m.address(), m.status().name(), m.plan(), m.expiresAt(), m.usedBytes(),
                    m.quotaBytes(), m.acceptOrdinaryMail(), m.blockNonPecRecipients(), m.holderName(),
                    m.referenceEmail(), m.createdAt(), m.clientPasswordSet(),
                    l == null ? null : l.phase(), l == null ? m.createdAt() : l.activatedAt(),
                    l == null ? null : l.autoRenew(), l == null ? null : l.termYears(),
                    l == null ? null : l.paymentMethod(), l == null ? null : l.nextStep(),
                    l == null ? null : l.nextStepAt(), l == null ? null : l.archiveBytes(),
                    l == null ? List.of() : l.addOns());
        }
    }
}
