package it.certmail.pec.web.api.mailbox;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.billing.model.AddOnKind;
import it.certmail.pec.billing.model.Invoice;
import it.certmail.pec.billing.service.BillingService;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.LifecycleService;
import it.certmail.pec.mailbox.service.MailboxInfo;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.web.api.admin.MailboxesResource.ClientPasswordJson;
import it.certmail.pec.web.api.admin.MailboxesResource.MailboxJson;
import it.certmail.pec.web.api.admin.MailboxesResource.OrderJson;
import it.certmail.pec.web.api.support.ErrorJson;
import it.certmail.pec.web.api.support.MailboxOwnerFilter;
import it.certmail.pec.web.api.support.MailboxWebOwner;

/**
 * Area del titolare: the holder's self-service on the authenticated mailbox (HTTP Basic with its web password):
 * the account and its plan, renewal and reactivation, add-ons, plan change, payment method, orders and invoices, a
 * new client password, withdrawal. The same rules as the admin API apply (it calls the same services); payments
 * are charged to the mailbox's payment method.
 */
@Path("/mailbox/account")
@MailboxWebOwner
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @Inject
    MailboxService mailboxes;

    @Inject
    LifecycleService lifecycle;

    @Inject
    BillingService billing;

    @Context
    SecurityContext security;

    private String address() {
        return MailboxOwnerFilter.address(security);
    }

    @GET
    @Operation(summary = "The mailbox: status, plan, expiry, usage, the pending lifecycle step")
    public MailboxJson get() throws MailboxException {
        MailboxInfo m = mailboxes.getMailbox(address());
        return MailboxJson.of(m, lifecycle.view(m.address()).orElse(null));
    }

    @POST
    @Path("/renewal")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Renew (or reactivate, or buy a plan after expiry), charged now: 200 with the order; 409 if"
            + " the content does not fit the plan or the mailbox is disabled; 402 if the payment is declined")
    public OrderJson renew(RenewalJson body) throws MailboxException {
        RenewalJson b = body == null ? new RenewalJson(null, null, null) : body;
        return OrderJson.of(billing.renew(address(), b.plan(), b.termYears(), b.discountCode()));
    }

    @POST
    @Path("/addons")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Buy add-on units until the expiry, pro rata by the months left; negative units give space"
            + " back, never below what is used")
    public Response addOn(AddOnJson body) throws MailboxException {
        if (body == null || body.kind() == null || body.units() == null || body.units() == 0) {
            return badRequest("body {\"kind\", \"units\", \"discountCode\"?} expected");
        }
        AddOnKind kind;
        try {
            kind = AddOnKind.valueOf(body.kind().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return badRequest("kind must be one of " + Arrays.toString(AddOnKind.values()));
        }
        if (body.units() < 0) {
            billing.reduceAddOn(address(), kind, -body.units());
            return Response.noContent().build();
        }
        return Response.ok(OrderJson.of(billing.buyAddOn(address(), kind, body.units(), body.discountCode()))).build();
    }

    @POST
    @Path("/plan")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change plan: an upgrade at once (the difference pro rata), a downgrade only if the content fits")
    public Response changePlan(RenewalJson body) throws MailboxException {
        if (body == null || body.plan() == null) {
            return badRequest("body {\"plan\", \"discountCode\"?} expected");
        }
        return Response.ok(OrderJson.of(billing.changePlan(address(), body.plan(), body.discountCode()))).build();
    }

    @PUT
    @Path("/payment-method")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The payment token (from the payment page), automatic renewal on or off, the mobile number"
            + " for SMS alerts; absent fields stay as they are")
    public MailboxJson paymentMethod(PaymentMethodJson body) throws MailboxException {
        if (body == null) {
            throw new jakarta.ws.rs.BadRequestException("body {\"paymentToken\"?, \"autoRenew\"?, \"mobileNumber\"?} expected");
        }
        billing.paymentMethod(address(), body.paymentToken(), body.autoRenew(), body.mobileNumber());
        return get();
    }

    @GET
    @Path("/orders")
    @Operation(summary = "Orders and their invoices, oldest first")
    public List<OrderJson> orders() {
        Map<Long, Invoice> invoices = new HashMap<>();
        billing.invoices(address()).forEach(i -> invoices.put(i.getOrderId(), i));
        return billing.orders(address()).stream().map(o -> OrderJson.of(o, invoices.get(o.getId()))).toList();
    }

    @POST
    @Path("/client-password")
    @Operation(summary = "A new password for mail clients (IMAP, POP3, SMTP), shown only in this answer")
    public ClientPasswordJson clientPassword() throws MailboxException {
        return new ClientPasswordJson(mailboxes.generateClientPassword(address()));
    }

    @POST
    @Path("/withdrawal")
    @Operation(summary = "Recesso: the mailbox closes now with all its content; the address stays reserved for the"
            + " holder for 5 years")
    public Response withdraw() throws MailboxException {
        lifecycle.withdraw(address());
        return Response.noContent().build();
    }

    private static Response badRequest(String message) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorJson(message)).build();
    }

    /** Renewal or plan change; every field optional for a renewal. */
    public record RenewalJson(String plan, Integer termYears, String discountCode) {
    }

    public record AddOnJson(String kind, Integer units, String discountCode) {
    }

    /** PUT body: every field optional. */
    public record PaymentMethodJson(String paymentToken, Boolean autoRenew, String mobileNumber) {
    }
}
