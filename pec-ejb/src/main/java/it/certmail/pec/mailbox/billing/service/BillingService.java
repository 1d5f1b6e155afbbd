package it.certmail.pec.mailbox.billing.service;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.mailbox.billing.domain.Checkout;
import it.certmail.pec.mailbox.billing.domain.DiscountRule;
import it.certmail.pec.mailbox.billing.domain.PaymentDeclinedException;
import it.certmail.pec.mailbox.billing.domain.PaymentGateway;
import it.certmail.pec.mailbox.billing.domain.PlanTerms;
import it.certmail.pec.mailbox.billing.domain.PriceList;
import it.certmail.pec.mailbox.billing.infra.JpaBilling;
import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.billing.model.DiscountKind;
import it.certmail.pec.mailbox.billing.model.Invoice;
import it.certmail.pec.mailbox.billing.model.Plan;
import it.certmail.pec.mailbox.billing.model.PurchaseOrder;
import it.certmail.pec.mailbox.billing.model.Subscription;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;

/**
 * Fatturazione: the catalog (plans and add-on prices, edited by admins), renewals, add-ons, plan changes,
 * discount codes, orders and invoices. Each method is one transaction, except the paid purchases (renewal, add-on,
 * plan change): two transactions with the payment gateway called between them, none open ({@link Checkout}). A
 * declined payment is thrown as {@link PaymentDeclinedException} (an application exception: the recorded attempt
 * commits).
 */
@Stateless
public class BillingService {

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    PaymentGateway payments;

    @Inject
    Clock clock;

    @EJB
    BillingTransactions transactions;

    private JpaBilling billing() {
        return new JpaBilling(em);
    }

    private Checkout checkout() {
        return new Checkout(transactions, payments);
    }

    public PriceList catalog() {
        return billing().priceList();
    }

    /**
     * Creates or replaces a plan of the catalog (its code stays). Mailboxes on it follow the new terms from their
     * next step and renewal.
     *
     * @throws InvalidMailboxRequestException if the terms are inconsistent
     */
    public PlanTerms savePlan(PlanTerms terms, boolean onSale) throws InvalidMailboxRequestException {
        if (!terms.code().matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new InvalidMailboxRequestException("plan codes are lower-case letters, digits and dashes");
        }
        Plan plan = em.find(Plan.class, terms.code());
        if (plan == null) {
            plan = new Plan(terms.code(), terms.name());
            em.persist(plan);
        }
        plan.update(terms.name(), terms.unit(), terms.periodLength(), terms.multiYear(), terms.price().cents(),
                terms.vat().basisPoints(), terms.spaceBytes(), terms.archiveBytes(), terms.addOns(), terms.policy(), onSale);
        em.flush();
        return JpaBilling.terms(plan);
    }

    /** Renewal or reactivation, possibly onto another plan ({@code null}: the current one). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public PurchaseOrder renew(String address, String planCode, Integer termYears, String discountCode)
            throws MailboxNotFoundException, InvalidMailboxRequestException, MailboxConflictException,
            PaymentDeclinedException {
        JpaBilling b = billing();
        return purchase(() -> b.renew(checkout(), address, planCode, termYears, discountCode, clock.instant()));
    }

    /** A paid purchase through the {@link Checkout}, with the checked exceptions the purchases declare. */
    private static PurchaseOrder purchase(Checkout.Step<PurchaseOrder> purchase)
            throws MailboxNotFoundException, InvalidMailboxRequestException, MailboxConflictException,
            PaymentDeclinedException {
        try {
            return purchase.run();
        } catch (MailboxNotFoundException | InvalidMailboxRequestException | MailboxConflictException
                | PaymentDeclinedException e) {
            throw e;
        } catch (MailboxException e) {
            throw new IllegalStateException("unexpected refusal of a purchase", e);
        }
    }

    /**
     * Prices a renewal without charging it: the same plan, fit, term and discount-code checks as
     * {@link #renew}, so a holder sees before paying whether a code is valid, for which plan, and what it takes off.
     */
    public RenewalPrice quoteRenewal(String address, String planCode, Integer termYears, String discountCode)
            throws MailboxNotFoundException, InvalidMailboxRequestException, MailboxConflictException {
        JpaBilling b = billing();
        JpaBilling.RenewalQuote q = b.quoteRenewal(b.require(address), planCode, termYears, discountCode,
                clock.instant());
        return new RenewalPrice(q.terms().code(), q.terms().name(), q.periods(), q.periods() * q.terms().periodMonths(),
                q.code() == null ? null : q.code().getCode(), q.charge());
    }

    /**
     * Prices a plan change now without charging it (the same checks as {@link #changePlan}): an upgrade costs the
     * difference for the months left, a downgrade only if the content fits; says whether the archive would go.
     */
    public PlanChangePrice quotePlanChange(String address, String planCode, String discountCode)
            throws MailboxNotFoundException, InvalidMailboxRequestException, MailboxConflictException {
        JpaBilling b = billing();
        JpaBilling.PlanChangeQuote q = b.quotePlanChange(b.require(address), planCode, discountCode, clock.instant());
        return new PlanChangePrice(q.to().code(), q.to().name(), q.change().upgrade(), q.change().deletesArchive(),
                q.months(), q.code() == null ? null : q.code().getCode(), q.charge());
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public PurchaseOrder buyAddOn(String address, AddOnKind kind, int units, String discountCode)
            throws MailboxNotFoundException, InvalidMailboxRequestException, MailboxConflictException,
            PaymentDeclinedException {
        JpaBilling b = billing();
        return purchase(() -> b.buyAddOn(checkout(), address, kind, units, discountCode, clock.instant()));
    }

    /** Fewer units of a space add-on: never below the space used. */
    public void reduceAddOn(String address, AddOnKind kind, int units) throws MailboxNotFoundException,
            MailboxConflictException {
        JpaBilling b = billing();
        b.reduceAddOn(b.require(address), kind, units, clock.instant());
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public PurchaseOrder changePlan(String address, String planCode, String discountCode) throws MailboxNotFoundException,
            InvalidMailboxRequestException, MailboxConflictException, PaymentDeclinedException {
        JpaBilling b = billing();
        return purchase(() -> b.changePlan(checkout(), address, planCode, discountCode, clock.instant()));
    }

    /**
     * The stored payment method as a holder may see it: only its last four characters ({@code •••• 4242});
     * empty when none is stored.
     */
    public java.util.Optional<String> maskedPaymentMethod(String address) throws MailboxNotFoundException {
        return java.util.Optional.ofNullable(billing().require(address).getPaymentToken())
                .map(it.certmail.pec.mailbox.billing.domain.PaymentTokens::masked);
    }

    /** Changes the payment method, the automatic renewal and the SMS number; {@code null} leaves one as it is. */
    public void paymentMethod(String address, String token, Boolean autoRenew, String alertPhone)
            throws MailboxNotFoundException {
        JpaBilling b = billing();
        Subscription s = b.require(address);
        if (token != null) {
            s.setPaymentToken(token.isBlank() ? null : token.strip());
        }
        if (autoRenew != null) {
            s.apply(s.facts().withAutoRenew(autoRenew), clock.instant());
        }
        if (alertPhone != null) {
            s.setAlertPhone(alertPhone.isBlank() ? null : alertPhone.strip());
        }
        b.reschedule(s);
    }

    public void createDiscount(String code, DiscountKind kind, long value, java.time.Instant validFrom,
            java.time.Instant validUntil, Set<String> plans, Integer maxUses)
            throws InvalidMailboxRequestException, MailboxConflictException {
        DiscountRule rule;
        try {
            rule = new DiscountRule(code, kind, value, validFrom == null ? clock.instant() : validFrom, validUntil,
                    plans == null ? Set.of() : plans, maxUses, 0);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidMailboxRequestException("invalid discount code: " + e.getMessage());
        }
        billing().createDiscount(rule);
    }

    /** Every discount code, by code (the console's plans page; codes are few). */
    public List<it.certmail.pec.mailbox.billing.model.DiscountCode> discounts() {
        return em.createQuery("SELECT d FROM DiscountCode d ORDER BY d.code",
                it.certmail.pec.mailbox.billing.model.DiscountCode.class).setMaxResults(1000).getResultList();
    }

    public List<PurchaseOrder> orders(String address) {
        return em.createNamedQuery(PurchaseOrder.BY_MAILBOX, PurchaseOrder.class)
                .setParameter("address", address.strip().toLowerCase(java.util.Locale.ROOT)).getResultList();
    }

    public List<Invoice> invoices(String address) {
        return em.createNamedQuery(Invoice.BY_MAILBOX, Invoice.class)
                .setParameter("address", address.strip().toLowerCase(java.util.Locale.ROOT)).getResultList();
    }
}
