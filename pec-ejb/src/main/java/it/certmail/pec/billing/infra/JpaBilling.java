package it.certmail.pec.billing.infra;

import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import it.certmail.pec.billing.domain.Charge;
import it.certmail.pec.billing.domain.ChargeCalculator;
import it.certmail.pec.billing.domain.DiscountRule;
import it.certmail.pec.billing.domain.InvoiceNumber;
import it.certmail.pec.billing.domain.Money;
import it.certmail.pec.billing.domain.PaymentDeclinedException;
import it.certmail.pec.billing.domain.PaymentGateway;
import it.certmail.pec.billing.domain.PaymentResult;
import it.certmail.pec.billing.domain.PlanChange;
import it.certmail.pec.billing.domain.PlanTerms;
import it.certmail.pec.billing.domain.PriceList;
import it.certmail.pec.billing.domain.StorageUse;
import it.certmail.pec.billing.domain.VatRate;
import it.certmail.pec.billing.model.AddOnKind;
import it.certmail.pec.billing.model.AddOnPrice;
import it.certmail.pec.billing.model.DiscountCode;
import it.certmail.pec.billing.model.Invoice;
import it.certmail.pec.billing.model.InvoiceCounter;
import it.certmail.pec.billing.model.OrderKind;
import it.certmail.pec.billing.model.Payment;
import it.certmail.pec.billing.model.Plan;
import it.certmail.pec.billing.model.PurchaseOrder;
import it.certmail.pec.billing.model.Subscription;
import it.certmail.pec.billing.model.SubscriptionAddOn;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.LifecycleMachine;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.infra.MailboxContent;
import it.certmail.pec.mailbox.model.LifecycleFacts;
import it.certmail.pec.mailbox.model.LifecyclePhase;
import it.certmail.pec.mailbox.model.Mailbox;

/**
 * Fatturazione sul database: subscriptions, charges through the {@link PaymentGateway}, orders, invoices numbered
 * without gaps, add-ons, plan changes, discount codes. Runs in the caller's transaction; every refusal is thrown
 * before anything is written, except a declined payment, whose attempt is recorded (the exception is checked, an
 * EJB application exception, so the transaction still commits).
 */
public class JpaBilling {

    /** Periods and fiscal years run on Italian time. */
    public static final ZoneId ZONE = InvoiceNumber.ZONE;

    private final EntityManager em;
    private final PaymentGateway gateway;

    public JpaBilling(EntityManager em, PaymentGateway gateway) {
        this.em = Objects.requireNonNull(em, "em");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    // ---- catalog

    public PriceList priceList() {
        Map<AddOnKind, Money> addOns = new EnumMap<>(AddOnKind.class);
        em.createQuery("SELECT a FROM AddOnPrice a", AddOnPrice.class).getResultList()
                .forEach(a -> addOns.put(a.getKind(), Money.cents(a.getYearlyPriceCents())));
        return new PriceList(em.createNamedQuery(Plan.ALL, Plan.class).getResultList().stream().map(JpaBilling::terms)
                .toList(), addOns);
    }

    public static PlanTerms terms(Plan p) {
        return new PlanTerms(p.getCode(), p.getName(), p.getPeriodUnit(), p.getPeriodLength(), p.isMultiYear(),
                Money.cents(p.getPriceCents()), new VatRate(p.getVatBps()), p.getSpaceBytes(), p.getArchiveBytes(),
                p.addOns(), p.policy());
    }

    public Plan plan(String code) throws InvalidMailboxRequestException {
        Plan p = code == null ? null : em.find(Plan.class, code.strip().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new InvalidMailboxRequestException("unknown plan " + code + "; the catalog has "
                    + em.createNamedQuery(Plan.ALL, Plan.class).getResultList().stream().map(Plan::getCode).toList());
        }
        return p;
    }

    // ---- subscriptions

    public Optional<Subscription> find(String address) {
        return em.createNamedQuery(Subscription.BY_MAILBOX, Subscription.class)
                .setParameter("address", address.strip().toLowerCase(Locale.ROOT)).getResultStream().findFirst();
    }

    public Subscription require(String address) throws MailboxNotFoundException {
        return find(address).orElseThrow(() -> new MailboxNotFoundException("no subscription for " + address));
    }

    /**
     * The first period of a new mailbox, paid (the admin API creates mailboxes already paid): an ACTIVATION order
     * and its invoice; later periods and add-ons charge {@code paymentToken}.
     *
     * @param termYears 1..5 on multi-year plans; the plan's own term (or {@code null}) otherwise
     */
    public Subscription activate(Mailbox mailbox, String planCode, Integer termYears, boolean autoRenew,
            String paymentToken, Instant now) throws InvalidMailboxRequestException {
        Plan plan = plan(planCode);
        if (!plan.isOnSale()) {
            throw new InvalidMailboxRequestException("the plan " + plan.getCode() + " is no longer sold");
        }
        PlanTerms terms = terms(plan);
        int periods = periods(terms, termYears);
        int months = periods * terms.periodMonths();
        Subscription s = new Subscription(mailbox, plan, periods, autoRenew, blankToNull(paymentToken), now, months,
                PlanTerms.periodEnd(now, months, ZONE));
        mailbox.setPlan(plan.getCode());
        em.persist(s);
        applyQuota(s, now);
        Charge charge = ChargeCalculator.periods(terms, periods, null);
        record(s, OrderKind.ACTIVATION, terms.code(), describe(terms, periods), charge, null, "prepaid", now);
        reschedule(s);
        return s;
    }

    /**
     * A new mailbox bought by a holder: its first period charged to {@code paymentToken} (the holder's stored
     * method) at once, an ACTIVATION order and its invoice.
     *
     * @throws PaymentDeclinedException if the gateway refuses (the caller rolls the new mailbox back)
     */
    public PurchaseOrder activatePaid(Mailbox mailbox, String planCode, Integer termYears, String paymentToken,
            Instant now) throws InvalidMailboxRequestException, PaymentDeclinedException {
        Plan plan = plan(planCode);
        if (!plan.isOnSale()) {
            throw new InvalidMailboxRequestException("the plan " + plan.getCode() + " is no longer sold");
        }
        PlanTerms terms = terms(plan);
        int periods = periods(terms, termYears);
        int months = periods * terms.periodMonths();
        Subscription s = new Subscription(mailbox, plan, periods, false, blankToNull(paymentToken), now, months,
                PlanTerms.periodEnd(now, months, ZONE));
        mailbox.setPlan(plan.getCode());
        em.persist(s);
        applyQuota(s, now);
        Charge charge = ChargeCalculator.periods(terms, periods, null);
        PaymentResult result = pay(s, charge.total(), mailbox.getAddress() + "/activation/" + java.util.UUID.randomUUID(),
                describe(terms, periods), now);
        if (!result.approved()) {
            throw new PaymentDeclinedException(result.message());
        }
        PurchaseOrder order = record(s, OrderKind.ACTIVATION, terms.code(), describe(terms, periods), charge, null,
                result.reference(), now);
        reschedule(s);
        return order;
    }

    /**
     * One attempt of the automatic renewal (the billing job). Approved: a new period, order and invoice.
     * Refused: the failure is counted (the machine schedules the retry).
     *
     * @param attempt the attempt number in this period, part of the idempotency key
     * @return whether it was paid
     */
    public boolean chargeRenewal(Subscription s, int attempt, Instant now) {
        PlanTerms terms = terms(s.getPlan());
        int periods = s.getTermYears();
        Charge charge = ChargeCalculator.periods(terms, periods, null);
        String key = s.getMailbox().getAddress() + "/" + s.getExpiresAt() + "/renewal#" + attempt;
        PaymentResult result = pay(s, charge.total(), key, describe(terms, periods), now);
        if (result.approved()) {
            renewPaid(s, terms, periods, OrderKind.RENEWAL, charge, null, result.reference(), now);
            return true;
        }
        s.apply(LifecycleMachine.chargeFailed(s.facts(), now), now);
        return false;
    }

    /**
     * Manual renewal or reactivation, possibly onto another plan: needs the content to fit the chosen plan;
     * charged to the payment method now.
     *
     * @param planCode {@code null}: the current plan
     * @throws MailboxConflictException if the mailbox is disabled or closed, or its content does not fit
     * @throws PaymentDeclinedException if the charge is refused (recorded)
     */
    public PurchaseOrder renew(Subscription s, String planCode, Integer termYears, String discountCode, Instant now)
            throws InvalidMailboxRequestException, MailboxConflictException, PaymentDeclinedException {
        LifecyclePhase phase = s.getPhase();
        if (phase == LifecyclePhase.DISABLED || phase == LifecyclePhase.CLOSED) {
            throw new MailboxConflictException("a " + phase + " mailbox cannot be renewed");
        }
        RenewalQuote quote = quoteRenewal(s, planCode, termYears, discountCode, now);
        Plan plan = quote.plan();
        PlanTerms target = quote.terms();
        boolean samePlan = plan.getCode().equals(s.getPlan().getCode());
        boolean archiveGoes = target.archiveBytes() == 0;
        int periods = quote.periods();
        DiscountCode code = quote.code();
        Charge charge = quote.charge();
        String key = s.getMailbox().getAddress() + "/" + s.getExpiresAt() + "/manual/" + java.util.UUID.randomUUID();
        PaymentResult result = pay(s, charge.total(), key, describe(target, periods), now);
        if (!result.approved()) {
            throw new PaymentDeclinedException(result.message());
        }
        if (!samePlan) {
            if (archiveGoes) {
                new MailboxContent(em).deleteArchive(s.getMailbox());
            }
            s.changePlan(plan, periods);
        }
        if (code != null) {
            code.used();
        }
        OrderKind kind = phase.lapsed() && phase != LifecyclePhase.GRACE ? OrderKind.REACTIVATION : OrderKind.RENEWAL;
        return renewPaid(s, target, periods, kind, charge, code, result.reference(), now);
    }

    /** A plan change priced and checked as {@link #changePlan} checks it, not charged. */
    public record PlanChangeQuote(Plan plan, PlanTerms from, PlanTerms to, PlanChange change, int months,
            DiscountCode code, Charge charge) {
    }

    /**
     * What changing plan now would cost: the same checks as {@link #changePlan} (a paid period, the content fits a
     * smaller plan, the discount code), no payment.
     */
    public PlanChangeQuote quotePlanChange(Subscription s, String planCode, String discountCode, Instant now)
            throws InvalidMailboxRequestException, MailboxConflictException {
        if (s.getPhase() != LifecyclePhase.ACTIVE) {
            throw new MailboxConflictException("plan changes need a paid period; renew with the new plan instead");
        }
        Plan plan = plan(planCode);
        PlanTerms from = terms(s.getPlan());
        PlanTerms to = terms(plan);
        long[] extras = extras(s, now);
        PlanChange change = PlanChange.evaluate(from, to, usage(s), extras[0], extras[1]);
        if (change.refusal().isPresent()) {
            throw new MailboxConflictException(change.refusal().get());
        }
        int months = ChargeCalculator.monthsLeft(now, s.getExpiresAt(), ZONE);
        DiscountCode code = discount(discountCode, to.code(), now);
        return new PlanChangeQuote(plan, from, to, change, months, code,
                ChargeCalculator.planChange(from, to, months, code == null ? null : rule(code)));
    }

    /** A renewal priced and checked as {@link #renew} checks it (plan, fit, term, discount code), not charged. */
    public record RenewalQuote(Plan plan, PlanTerms terms, int periods, DiscountCode code, Charge charge) {
    }

    /**
     * What a renewal would cost now: the same checks as {@link #renew} except the phase, no payment.
     *
     * @throws MailboxConflictException       if the content does not fit the chosen plan
     * @throws InvalidMailboxRequestException for an unknown plan, a term it does not offer or a refused code
     */
    public RenewalQuote quoteRenewal(Subscription s, String planCode, Integer termYears, String discountCode,
            Instant now) throws InvalidMailboxRequestException, MailboxConflictException {
        Plan plan = planCode == null ? s.getPlan() : plan(planCode);
        PlanTerms target = terms(plan);
        Optional<String> misfit = PlanChange.fits(target, usage(s), 0, 0, target.archiveBytes() == 0);
        if (misfit.isPresent()) {
            throw new MailboxConflictException(misfit.get());
        }
        int periods = periods(target, termYears);
        DiscountCode code = discount(discountCode, target.code(), now);
        return new RenewalQuote(plan, target, periods, code,
                ChargeCalculator.periods(target, periods, code == null ? null : rule(code)));
    }

    /**
     * Buys {@code units} of an add-on until the expiry, pro rata by the months left.
     *
     * @throws InvalidMailboxRequestException if the plan does not allow it
     * @throws MailboxConflictException       if the mailbox is not in a paid period
     */
    public PurchaseOrder buyAddOn(Subscription s, AddOnKind kind, int units, String discountCode, Instant now)
            throws InvalidMailboxRequestException, MailboxConflictException, PaymentDeclinedException {
        PlanTerms terms = terms(s.getPlan());
        if (units < 1) {
            throw new InvalidMailboxRequestException("units must be at least 1");
        }
        if (!terms.addOns().contains(kind)) {
            throw new InvalidMailboxRequestException("the plan " + terms.code() + " does not allow " + kind);
        }
        int months = ChargeCalculator.monthsLeft(now, s.getExpiresAt(), ZONE);
        if (s.getPhase() != LifecyclePhase.ACTIVE || months == 0) {
            throw new MailboxConflictException("add-ons are sold only in a paid period");
        }
        Money price = priceList().addOnYearlyPrice(kind)
                .orElseThrow(() -> new InvalidMailboxRequestException("no price for " + kind));
        DiscountCode code = discount(discountCode, terms.code(), now);
        Charge charge = ChargeCalculator.addOn(price, units, months, terms.vat(), code == null ? null : rule(code));
        String key = s.getMailbox().getAddress() + "/addon/" + kind + "/" + java.util.UUID.randomUUID();
        PaymentResult result = pay(s, charge.total(), key, units + " x " + kind + " per " + months + " mesi", now);
        if (!result.approved()) {
            throw new PaymentDeclinedException(result.message());
        }
        if (code != null) {
            code.used();
        }
        PurchaseOrder order = record(s, OrderKind.ADD_ON, terms.code(),
                units + " x " + kind + " fino al " + s.getExpiresAt() + " (" + months + " mesi)", charge, code,
                result.reference(), now);
        em.persist(new SubscriptionAddOn(s, kind, units, now, s.getExpiresAt(), order.getId()));
        em.flush();
        applyQuota(s, now);
        return order;
    }

    /**
     * Removes running units of a space add-on: refused when the space left would be less than what is used.
     */
    public void reduceAddOn(Subscription s, AddOnKind kind, int units, Instant now) throws MailboxConflictException {
        List<SubscriptionAddOn> running = running(s, now).stream().filter(a -> a.getKind() == kind).toList();
        int have = running.stream().mapToInt(SubscriptionAddOn::getUnits).sum();
        if (units > have) {
            throw new MailboxConflictException("only " + have + " units of " + kind + " are running");
        }
        long newQuota = s.getMailbox().getQuotaBytes() - units * kind.bytesPerUnit();
        long used = usage(s).totalBytes();
        if (newQuota < used) {
            throw new MailboxConflictException("lo spazio non può scendere sotto quello occupato (" + used + " byte)");
        }
        int left = units;
        for (SubscriptionAddOn a : running) {
            if (left == 0) {
                break;
            }
            // whole add-on rows end; a partial one is split into an ended part and a new running one
            a.end(now);
            int take = Math.min(left, a.getUnits());
            if (take < a.getUnits()) {
                em.persist(new SubscriptionAddOn(s, kind, a.getUnits() - take, now, s.getExpiresAt(), a.getOrderId()));
            }
            left -= take;
        }
        em.flush();
        applyQuota(s, now);
    }

    /**
     * Changes plan mid-term: an upgrade at once, charged the difference pro rata; a downgrade only when the
     * content fits, deleting the archive when the new plan has none, without refund.
     */
    public PurchaseOrder changePlan(Subscription s, String planCode, String discountCode, Instant now)
            throws InvalidMailboxRequestException, MailboxConflictException, PaymentDeclinedException {
        PlanChangeQuote quote = quotePlanChange(s, planCode, discountCode, now);
        Plan plan = quote.plan();
        PlanTerms from = quote.from();
        PlanTerms to = quote.to();
        PlanChange change = quote.change();
        int months = quote.months();
        DiscountCode code = quote.code();
        Charge charge = quote.charge();
        String reference = null;
        if (!charge.isFree()) {
            PaymentResult result = pay(s, charge.total(), s.getMailbox().getAddress() + "/plan/" + to.code() + "/" + java.util.UUID.randomUUID(),
                    from.code() + " -> " + to.code(), now);
            if (!result.approved()) {
                throw new PaymentDeclinedException(result.message());
            }
            reference = result.reference();
        }
        if (change.deletesArchive()) {
            new MailboxContent(em).deleteArchive(s.getMailbox());
        }
        if (code != null) {
            code.used();
        }
        s.changePlan(plan, to.multiYear() ? s.getTermYears() : 1);
        applyQuota(s, now);
        reschedule(s);
        return record(s, change.upgrade() ? OrderKind.UPGRADE : OrderKind.DOWNGRADE, to.code(),
                from.code() + " -> " + to.code() + " (" + months + " mesi)", charge, code, reference, now);
    }

    /** Sets the next step and its date from the machine (the jobs query them). */
    public void reschedule(Subscription s) {
        LifecycleMachine.next(s.facts(), s.getPlan().policy()).ifPresentOrElse(
                p -> s.schedule(p.step().name(), p.dueAt()), () -> s.schedule(null, null));
    }

    /**
     * Sets the mailbox quota: the plan's space and archive (no archive once lapsed on a plan that deletes it) plus
     * the space add-ons still running.
     */
    public void applyQuota(Subscription s, Instant now) {
        long[] extras = extras(s, now);
        s.getMailbox().setQuotaBytes(terms(s.getPlan()).quotaBytes(s.getPhase(), extras[0] + extras[1]));
    }

    public StorageUse usage(Subscription s) {
        return new MailboxContent(em).usage(s.getMailbox());
    }

    public List<SubscriptionAddOn> running(Subscription s, Instant now) {
        return em.createNamedQuery(SubscriptionAddOn.RUNNING, SubscriptionAddOn.class).setParameter("subscription", s)
                .setParameter("now", now).getResultList();
    }

    /** Ends every running add-on (accessory services end when a mailbox lapses to reception only). */
    public void endAddOns(Subscription s, Instant now) {
        running(s, now).forEach(a -> a.end(now));
        em.flush();
    }

    // ---- discount codes

    public DiscountCode createDiscount(DiscountRule rule) throws MailboxConflictException {
        if (findDiscount(rule.code()).isPresent()) {
            throw new MailboxConflictException("the discount code " + rule.code() + " exists already");
        }
        DiscountCode code = new DiscountCode(rule.code(), rule.kind(), rule.value(), rule.validFrom(), rule.validUntil(),
                rule.plans(), rule.maxUses());
        em.persist(code);
        em.flush();
        return code;
    }

    public Optional<DiscountCode> findDiscount(String code) {
        return em.createNamedQuery(DiscountCode.BY_CODE, DiscountCode.class)
                .setParameter("code", code.strip().toUpperCase(Locale.ROOT)).getResultStream().findFirst();
    }

    public static DiscountRule rule(DiscountCode d) {
        return new DiscountRule(d.getCode(), d.getKind(), d.getValue(), d.getValidFrom(), d.getValidUntil(), d.planSet(),
                d.getMaxUses(), d.getTimesUsed());
    }

    /** The code, checked for {@code planCode} at {@code now}; {@code null} when none is given. */
    private DiscountCode discount(String code, String planCode, Instant now) throws InvalidMailboxRequestException {
        if (code == null || code.isBlank()) {
            return null;
        }
        DiscountCode d = findDiscount(code)
                .orElseThrow(() -> new InvalidMailboxRequestException("codice sconto sconosciuto: " + code));
        Optional<String> refusal = rule(d).refusal(planCode, now);
        if (refusal.isPresent()) {
            throw new InvalidMailboxRequestException(refusal.get());
        }
        return d;
    }

    // ---- orders, invoices, payments

    /** Charges the payment method once per idempotency key: a key seen before answers as it did then. */
    private PaymentResult pay(Subscription s, Money amount, String key, String description, Instant now) {
        Optional<Payment> earlier = em.createNamedQuery(Payment.BY_KEY, Payment.class).setParameter("key", key)
                .getResultStream().findFirst();
        if (earlier.isPresent()) {
            Payment p = earlier.get();
            return new PaymentResult(p.isApproved(), p.getGatewayRef(), p.getMessage());
        }
        PaymentResult result = gateway.charge(s.getPaymentToken(), amount, key, description);
        em.persist(new Payment(key, s.getMailbox().getAddress(), amount.cents(), result.approved(), result.reference(),
                result.message(), now));
        em.flush();
        return result;
    }

    private PurchaseOrder renewPaid(Subscription s, PlanTerms terms, int periods, OrderKind kind, Charge charge,
            DiscountCode code, String paymentRef, Instant now) {
        LifecycleFacts before = s.facts();
        int months = periods * terms.periodMonths();
        Instant expiry;
        if (before.phase() == LifecyclePhase.CESSATION || before.phase() == LifecyclePhase.RECEPTION_ONLY) {
            // a fresh period from today: the old one ended long enough ago
            s.restart(now, months);
            expiry = PlanTerms.periodEnd(now, months, ZONE);
        } else {
            s.extendPaid(months);
            expiry = PlanTerms.periodEnd(s.getAnchorAt(), s.getPaidMonths(), ZONE);
        }
        s.apply(LifecycleMachine.renewed(before, expiry), now);
        applyQuota(s, now);
        reschedule(s);
        return record(s, kind, terms.code(), describe(terms, periods) + " fino al " + expiry, charge, code, paymentRef, now);
    }

    private PurchaseOrder record(Subscription s, OrderKind kind, String planCode, String description, Charge c,
            DiscountCode code, String paymentRef, Instant now) {
        Mailbox m = s.getMailbox();
        PurchaseOrder order = new PurchaseOrder(m.getAddress(), m.getHolderName(), kind, planCode, description,
                c.net().cents(), code == null ? null : code.getCode(), c.discount().cents(), c.taxable().cents(),
                c.rate().basisPoints(), c.vat().cents(), c.total().cents(), paymentRef, now);
        em.persist(order);
        em.flush();
        if (!c.isFree()) {
            invoice(order, now);
        }
        return order;
    }

    /** Issues the invoice of an order with the next number of its fiscal year. */
    public Invoice invoice(PurchaseOrder order, Instant now) {
        int year = InvoiceNumber.yearOf(now);
        InvoiceCounter counter = em.find(InvoiceCounter.class, year, LockModeType.PESSIMISTIC_WRITE);
        if (counter == null) {
            // the year's first invoice; a concurrent first one fails on the key and its transaction is retried
            counter = new InvoiceCounter(year);
            em.persist(counter);
            em.flush();
        }
        InvoiceNumber number = new InvoiceNumber(year, counter.next());
        Invoice invoice = new Invoice(order, year, number.sequence(), number.toString(), now);
        em.persist(invoice);
        em.flush();
        return invoice;
    }

    private long[] extras(Subscription s, Instant now) {
        long space = 0;
        long archive = 0;
        for (SubscriptionAddOn a : running(s, now)) {
            if (a.getKind() == AddOnKind.EXTRA_GB) {
                space += a.getUnits() * a.getKind().bytesPerUnit();
            } else if (a.getKind() == AddOnKind.ARCHIVE_GB) {
                archive += a.getUnits() * a.getKind().bytesPerUnit();
            }
        }
        return new long[] {space, archive};
    }

    private static int periods(PlanTerms terms, Integer termYears) throws InvalidMailboxRequestException {
        try {
            return terms.periodsFor(termYears);
        } catch (IllegalArgumentException e) {
            throw new InvalidMailboxRequestException(e.getMessage());
        }
    }

    private static String describe(PlanTerms terms, int periods) {
        return terms.name() + " x " + periods + " (" + periods * terms.periodMonths() + " mesi)";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
