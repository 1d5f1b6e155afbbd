package it.certmail.pec.web.api.admin;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.billing.model.Invoice;
import it.certmail.pec.mailbox.billing.service.BillingService;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.LifecycleService;
import it.certmail.pec.web.api.admin.MailboxesResource.OrderJson;
import it.certmail.pec.web.api.support.ErrorJson;

/**
 * Operazioni sul contratto: renewal, add-ons, plan change, orders and withdrawal of one mailbox, as the admin API
 * ({@code /api/admin/mailboxes/{address}/...}) and the holder's own ({@code /api/mailbox/account/...}) offer them:
 * the same bodies, checks and answers, whoever asks.
 */
@ApplicationScoped
public class AccountOperations {

    @Inject
    BillingService billing;

    @Inject
    LifecycleService lifecycle;

    /** Renewal or plan change; every field optional for a renewal. */
    public record RenewalJson(String plan, Integer termYears, String discountCode) {
    }

    public record AddOnJson(String kind, Integer units, String discountCode) {
    }

    public OrderJson renew(String address, RenewalJson body) throws MailboxException {
        RenewalJson b = body == null ? new RenewalJson(null, null, null) : body;
        return OrderJson.of(billing.renew(address, b.plan(), b.termYears(), b.discountCode()));
    }

    /** Units bought (200 with the order) or given back (204); 400 for a body that says neither. */
    public Response addOn(String address, AddOnJson body) throws MailboxException {
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
            billing.reduceAddOn(address, kind, -body.units());
            return Response.noContent().build();
        }
        return Response.ok(OrderJson.of(billing.buyAddOn(address, kind, body.units(), body.discountCode()))).build();
    }

    public Response changePlan(String address, RenewalJson body) throws MailboxException {
        if (body == null || body.plan() == null) {
            return badRequest("body {\"plan\", \"discountCode\"?} expected");
        }
        return Response.ok(OrderJson.of(billing.changePlan(address, body.plan(), body.discountCode()))).build();
    }

    public List<OrderJson> orders(String address) {
        Map<Long, Invoice> invoices = new HashMap<>();
        billing.invoices(address).forEach(i -> invoices.put(i.getOrderId(), i));
        return billing.orders(address).stream().map(o -> OrderJson.of(o, invoices.get(o.getId()))).toList();
    }

    public Response withdraw(String address) throws MailboxException {
        lifecycle.withdraw(address);
        return Response.noContent().build();
    }

    static Response badRequest(String message) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorJson(message)).build();
    }
}
