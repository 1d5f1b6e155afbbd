package it.certmail.pec.web.api.mailbox;

import java.util.List;

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

import it.certmail.pec.mailbox.billing.service.BillingService;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.LifecycleService;
import it.certmail.pec.mailbox.service.MailboxInfo;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.web.api.admin.AccountOperations;
import it.certmail.pec.web.api.admin.AccountOperations.AddOnJson;
import it.certmail.pec.web.api.admin.AccountOperations.RenewalJson;
import it.certmail.pec.web.api.admin.MailboxesResource.ClientPasswordJson;
import it.certmail.pec.web.api.admin.MailboxesResource.MailboxJson;
import it.certmail.pec.web.api.admin.MailboxesResource.OrderJson;
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

    @Inject
    AccountOperations account;

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
        return account.renew(address(), body);
    }

    @POST
    @Path("/addons")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Buy add-on units until the expiry, pro rata by the months left; negative units give space"
            + " back, never below what is used")
    public Response addOn(AddOnJson body) throws MailboxException {
        return account.addOn(address(), body);
    }

    @POST
    @Path("/plan")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change plan: an upgrade at once (the difference pro rata), a downgrade only if the content fits")
    public Response changePlan(RenewalJson body) throws MailboxException {
        return account.changePlan(address(), body);
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
        return account.orders(address());
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
        return account.withdraw(address());
    }

    /** PUT body: every field optional. */
    public record PaymentMethodJson(String paymentToken, Boolean autoRenew, String mobileNumber) {
    }
}
