package it.certmail.pec.web.api.admin;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.mailbox.billing.domain.Money;
import it.certmail.pec.mailbox.billing.domain.PlanTerms;
import it.certmail.pec.mailbox.billing.domain.VatRate;
import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.billing.model.DiscountKind;
import it.certmail.pec.mailbox.billing.model.PeriodUnit;
import it.certmail.pec.mailbox.billing.service.BillingService;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.model.ExpiryMode;
import it.certmail.pec.mailbox.model.LifecyclePolicy;
import it.certmail.pec.web.api.support.AdminOnly;
import it.certmail.pec.web.api.support.ErrorJson;

/** The catalog as data: plans (price, term, VAT, space, archive, add-ons, lifecycle policy) and discount codes. */
@Path("/admin")
@AdminOnly
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class PlansResource {

    @Inject
    BillingService billing;

    @GET
    @Path("/plans")
    @Operation(summary = "The plans of the catalog with their lifecycle policy; add-on yearly prices in cents")
    public CatalogJson plans() {
        var catalog = billing.catalog();
        return new CatalogJson(catalog.plans().stream().map(PlanJson::of).toList(),
                catalog.addOnYearlyPrices().entrySet().stream()
                        .map(e -> new AddOnPriceJson(e.getKey().name(), e.getValue().cents())).toList());
    }

    @PUT
    @Path("/plans/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a plan; mailboxes on it follow the new terms from their next step")
    public Response savePlan(@PathParam("code") String code, PlanJson body) throws MailboxException {
        if (body == null) {
            return Response.status(Response.Status.BAD_REQUEST).entity(new ErrorJson("a plan body expected")).build();
        }
        PlanTerms terms;
        try {
            Set<AddOnKind> addOns = EnumSet.noneOf(AddOnKind.class);
            if (body.addOns() != null) {
                body.addOns().forEach(a -> addOns.add(AddOnKind.valueOf(a.strip().toUpperCase(Locale.ROOT))));
            }
            terms = new PlanTerms(code.strip().toLowerCase(Locale.ROOT), body.name(),
                    PeriodUnit.valueOf(body.periodUnit().toUpperCase(Locale.ROOT)), body.periodLength(), body.multiYear(),
                    Money.cents(body.priceCents()), new VatRate(body.vatBasisPoints()), body.spaceBytes(),
                    body.archiveBytes(), addOns, new LifecyclePolicy(ExpiryMode.valueOf(body.onExpiry()
                            .toUpperCase(Locale.ROOT)), body.chargeLeadDays(), body.retryDays(), body.graceDays(),
                            body.purgeDays(), body.cessationDays(), body.finalNoticeDays(), body.deleteArchiveOnExpiry()));
        } catch (RuntimeException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(new ErrorJson("invalid plan: " + e.getMessage()))
                    .build();
        }
        return Response.ok(PlanJson.of(billing.savePlan(terms, body.onSale() == null || body.onSale()))).build();
    }

    @POST
    @Path("/discount-codes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A discount code: PERCENT (value in basis points) or AMOUNT (cents), validity window, plans"
            + " (empty: all), maxUses (1: single use; null: unlimited); 409 if the code exists")
    public Response discount(DiscountJson body) throws MailboxException {
        if (body == null || body.code() == null || body.kind() == null || body.value() == null) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(new ErrorJson("body {\"code\", \"kind\", \"value\", ...} expected")).build();
        }
        DiscountKind kind;
        try {
            kind = DiscountKind.valueOf(body.kind().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(new ErrorJson("kind: PERCENT or AMOUNT")).build();
        }
        billing.createDiscount(body.code(), kind, body.value(), body.validFrom(), body.validUntil(),
                body.plans() == null ? Set.of() : Set.copyOf(body.plans()), body.maxUses());
        return Response.status(Response.Status.CREATED).build();
    }

    public record CatalogJson(List<PlanJson> plans, List<AddOnPriceJson> addOnYearlyPrices) {
    }

    public record AddOnPriceJson(String kind, long yearlyPriceCents) {
    }

    @JsonbNillable
    public record PlanJson(String code, String name, String periodUnit, int periodLength, boolean multiYear,
            long priceCents, int vatBasisPoints, long spaceBytes, long archiveBytes, List<String> addOns,
            String onExpiry, int chargeLeadDays, int retryDays, int graceDays, int purgeDays, int cessationDays,
            int finalNoticeDays, boolean deleteArchiveOnExpiry, Boolean onSale) {

        static PlanJson of(PlanTerms t) {
            LifecyclePolicy p = t.policy();
            return new PlanJson(t.code(), t.name(), t.unit().name(), t.periodLength(), t.multiYear(), t.price().cents(),
                    t.vat().basisPoints(), t.spaceBytes(), t.archiveBytes(),
                    t.addOns().stream().map(Enum::name).sorted().toList(), p.onExpiry().name(), p.chargeLeadDays(),
                    p.retryDays(), p.graceDays(), p.purgeDays(), p.cessationDays(), p.finalNoticeDays(),
                    p.deleteArchiveOnExpiry(), null);
        }
    }

    public record DiscountJson(String code, String kind, Long value, Instant validFrom, Instant validUntil,
            List<String> plans, Integer maxUses) {
    }
}
