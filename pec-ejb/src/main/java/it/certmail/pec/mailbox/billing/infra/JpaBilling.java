package it.certmail.pec.mailbox.billing.infra;

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

import it.certmail.pec.mailbox.billing.domain.Charge;
import it.certmail.pec.mailbox.billing.domain.ChargeRequest;
import it.certmail.pec.mailbox.billing.domain.Checkout;
import it.certmail.pec.mailbox.billing.domain.ChargeCalculator;
import it.certmail.pec.mailbox.billing.domain.DiscountRule;
import it.certmail.pec.mailbox.billing.domain.InvoiceNumber;
import it.certmail.pec.mailbox.billing.domain.Money;
import it.certmail.pec.mailbox.billing.domain.PaymentDeclinedException;
import it.certmail.pec.mailbox.billing.domain.PaymentResult;
import it.certmail.pec.mailbox.billing.domain.PlanChange;
import it.certmail.pec.mailbox.billing.domain.PlanTerms;
import it.certmail.pec.mailbox.billing.domain.PriceList;
import it.certmail.pec.mailbox.billing.domain.StorageUse;
import it.certmail.pec.mailbox.billing.domain.VatRate;
import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.billing.model.AddOnPrice;
import it.certmail.pec.mailbox.billing.model.DiscountCode;
import it.certmail.pec.mailbox.billing.model.Invoice;
import it.certmail.pec.mailbox.billing.model.InvoiceCounter;
import it.certmail.pec.mailbox.billing.model.OrderKind;
import it.certmail.pec.mailbox.billing.model.Payment;
import it.certmail.pec.mailbox.billing.model.Plan;
import it.certmail.pec.mailbox.billing.model.PurchaseOrder;
import it.certmail.pec.mailbox.billing.model.Subscription;
import it.certmail.pec.mailbox.billing.model.SubscriptionAddOn;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.LifecycleMachine;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.infra.MailboxContent;
import it.certmail.pec.mailbox.model.LifecycleFacts;
import it.certmail.pec.mailbox.model.LifecyclePhase;
import it.certmail.pec.mailbox.model.Mailbox;

/**
 * Fatturazione sul database: subscriptions, orders, invoices numbered without gaps, add-ons, plan changes,
 * discount codes. Runs in the caller's transaction and never calls the payment gateway: a paid purchase is two
 * calls in two transactions ({@link it.certmail.pec.mailbox.billing.domain.Checkout}), {@code *Charge} deciding the
 * {@link ChargeRequest} and the purchase method settling the gateway's answer. Every refusal is thrown before
 * anything is written, except a declined payment, whose attempt is recorded (the exception is checked, an EJB
 * application exception, so the transaction still commits).
 */
public class JpaBilling {

    /** Periods and fiscal years run on Italian time. */
    public static final ZoneId ZONE = InvoiceNumber.ZONE;

    /** The idempotency_key column's length. */
    private static final int MAX_KEY_LENGTH = 200;

    private final EntityManager em;

    public JpaBilling(EntityManager em) {
        this.em = Objects.requireNonNull(em, "em");
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
     * The charge of a new mailbox's first period for the holder of {@code payer}, to the payer's stored payment
     * method: decided before the gateway is called (no transaction open for it), with a key that stays the same until
     * the purchase is settled.
     */
    public ChargeRequest activationCharge(Subscription payer, String address, String planCode, Integer termYears)
            throws InvalidMailboxRequestException {
        Plan plan = plan(planCode);
        if (!plan.isOnSale()) {
            throw new InvalidMailboxRequestException("the plan " + plan.getCode() + " is no longer sold");
        }
        PlanTerms terms = terms(plan);
        int periods = periods(terms, termYears);
        Charge charge = ChargeCalculator.periods(terms, periods, null);
        String purpose = "activation/" + address.toLowerCase(java.util.Locale.ROOT) + "/" + plan.getCode() + "x"
                + periods + "/" + charge.total().cents();
        return new ChargeRequest(payer.getPaymentToken(), charge.total(), stableKey(payer, purpose),
                describe(terms, periods));
    }

    /**
     * A new mailbox bought by a holder: settles the charge {@link #activationCharge} decided and, only when it was
     * approved, creates the mailbox ({@code create}), its subscription, the ACTIVATION order and its invoice. A
     * refused payment is recorded and leaves no mailbox.
     *
     * @throws PaymentDeclinedException if the gateway refused
     * @throws MailboxConflictException if the price or the payer's subscription changed since the charge was decided
     */
    public PurchaseOrder activatePaid(Subscription payer, String address, String planCode, Integer termYears,
            ChargeRequest charged, PaymentResult answer, Checkout.Step<Mailbox> create, Instant now)
            throws MailboxException {
        ChargeRequest needed = activationCharge(payer, address, planCode, termYears);
        PaymentResult result = settleSame(payer, needed, charged, answer, now);
        if (!result.approved()) {
            throw new PaymentDeclinedException(result.message());
        }
        Mailbox mailbox = create.run();
        Plan plan = plan(planCode);
        PlanTerms terms = terms(plan);
        int periods = periods(terms, termYears);
        int months = periods * terms.periodMonths();
        Subscription s = new Subscription(mailbox, plan, periods, false, payer.getPaymentToken(), now, months,
                PlanTerms.periodEnd(now, months, ZONE));
        mailbox.setPlan(plan.getCode());
        em.persist(s);
        applyQuota(s, now);
        Charge charge = ChargeCalculator.periods(terms, periods, null);
        PurchaseOrder order = record(s, OrderKind.ACTIVATION, terms.code(), describe(terms, periods), charge, null,
                result.reference(), now);
        reschedule(s);
        return order;
    }

    /**
     * The charge of one attempt of the automatic renewal (the billing job), to make outside the transaction.
     *
     * @param attempt the attempt number in this period, part of the idempotency key
     */
    public ChargeRequest automaticRenewalCharge(Subscription s, int attempt) {
        PlanTerms terms = terms(s.getPlan());
        int periods = s.getTermYears();
        Charge charge = ChargeCalculator.periods(terms, periods, null);
        String key = s.getMailbox().getAddress() + "/" + s.getExpiresAt() + "/renewal#" + attempt;
        return new ChargeRequest(s.getPaymentToken(), charge.total(), boundedKey(key), describe(terms, periods));
    }

    /**
     * Settles one attempt of the automatic renewal with the gateway's answer to
     * {@link #automaticRenewalCharge}. Approved: a new period, order and invoice. Refused: the failure is counted
     * (the machine schedules the retry).
     *
     * @return whether it was paid
     * @throws IllegalArgumentException if {@code charged} is not this attempt's charge
     */
    public boolean chargeRenewal(Subscription s, int attempt, ChargeRequest charged, PaymentResult answer, Instant now) {
        ChargeRequest request = automaticRenewalCharge(s, attempt);
        if (!request.equals(charged)) {
            throw new IllegalArgumentException("not the charge of this attempt: " + charged.idempotencyKey());
        }
        PlanTerms terms = terms(s.getPlan());
        int periods = s.getTermYears();
        Charge charge = ChargeCalculator.periods(terms, periods, null);
        PaymentResult result = settle(s, request, answer, now);
        if (result.approved()) {
            renewPaid(s, terms, periods, OrderKind.RENEWAL, charge, null, result.reference(), now);
            return true;
        }
        s.apply(LifecycleMachine.chargeFailed(s.facts(), now), now);
        return false;
    }

    /**
     * The charge of a manual renewal or reactivation ({@link #renew}), checked as it checks, to make outside the
     * transaction.
     *
     * @param planCode {@code null}: the current plan
     * @throws MailboxConflictException if the mailbox is disabled, withdrawn or closed, or its content does not fit
     */
    public ChargeRequest renewalCharge(Subscription s, String planCode, Integer termYears, String discountCode,
            Instant now) throws InvalidMailboxRequestException, MailboxConflictException {
        LifecyclePhase phase = s.getPhase();
        if (phase == LifecyclePhase.DISABLED || phase == LifecyclePhase.WITHDRAWN || phase == LifecyclePhase.CLOSED) {
            throw new MailboxConflictException("a " + phase + " mailbox cannot be renewed");
        }
        RenewalQuote quote = quoteRenewal(s, planCode, termYears, discountCode, now);
        Charge charge = quote.charge();
        String purpose = "renewal/" + quote.plan().getCode() + "x" + quote.periods() + "/" + codeOf(quote.code()) + "/"
                + charge.total().cents();
        return new ChargeRequest(s.getPaymentToken(), charge.total(), stableKey(s, purpose),
                describe(quote.terms(), quote.periods()));
    }

    /**
     * Manual renewal or reactivation, possibly onto another plan: needs the content to fit the chosen plan;
     * settles the charge {@link #renewalCharge} decided with the gateway's answer.
     *
     * @param planCode {@code null}: the current plan
     * @throws MailboxConflictException if the mailbox is disabled, withdrawn or closed, or its content does not fit, or the
     *                                  subscription changed since the charge was decided (the payment is recorded)
     * @throws PaymentDeclinedException if the charge is refused (recorded)
     */
    public PurchaseOrder renew(Subscription s, String planCode, Integer termYears, String discountCode,
            ChargeRequest charged, PaymentResult answer, Instant now)
            throws InvalidMailboxRequestException, MailboxConflictException, PaymentDeclinedException {
        LifecyclePhase phase = s.getPhase();
        ChargeRequest request = renewalCharge(s, planCode, termYears, discountCode, now);
        RenewalQuote quote = quoteRenewal(s, planCode, termYears, discountCode, now);
        Plan plan = quote.plan();
        PlanTerms target = quote.terms();
        boolean samePlan = plan.getCode().equals(s.getPlan().getCode());
        boolean archiveGoes = target.archiveBytes() == 0;
        int periods = quote.periods();
        DiscountCode code = quote.code();
        Charge charge = quote.charge();
        PaymentResult result = settleSame(s, request, charged, answer, now);
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

    // ---- paid purchases as a whole: the charge decided, made and settled through a Checkout (outside a transaction)

    /** {@link #renewalCharge}, the charge, then {@link #renew}; call it with no transaction open. */
    public PurchaseOrder renew(Checkout checkout, String address, String planCode, Integer termYears,
            String discountCode, Instant now) throws MailboxException {
        return checkout.pay(() -> Optional.of(renewalCharge(require(address), planCode, termYears, discountCode, now)),
                charged -> renew(require(address), planCode, termYears, discountCode, charged.get().request(),
                        charged.get().result(), now));
    }

    /** {@link #addOnCharge}, the charge, then {@link #buyAddOn}; call it with no transaction open. */
    public PurchaseOrder buyAddOn(Checkout checkout, String address, AddOnKind kind, int units, String discountCode,
            Instant now) throws MailboxException {
        return checkout.pay(() -> Optional.of(addOnCharge(require(address), kind, units, discountCode, now)),
                charged -> buyAddOn(require(address), kind, units, discountCode, charged.get().request(),
                        charged.get().result(), now));
    }

    /** {@link #planChangeCharge}, the charge if any, then {@link #changePlan}; call it with no transaction open. */
    public PurchaseOrder changePlan(Checkout checkout, String address, String planCode, String discountCode,
            Instant now) throws MailboxException {
        return checkout.pay(() -> planChangeCharge(require(address), planCode, discountCode, now),
                charged -> changePlan(require(address), planCode, discountCode,
                        charged.map(Checkout.Charged::request).orElse(null),
                        charged.map(Checkout.Charged::result).orElse(null), now));
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

    /** An add-on purchase priced and checked as {@link #buyAddOn} checks it. */
    private record AddOnQuote(PlanTerms terms, int months, DiscountCode code, Charge charge, ChargeRequest request) {
    }

    /**
     * The charge of buying {@code units} of an add-on ({@link #buyAddOn}), checked as it checks, to make outside
     * the transaction.
     *
     * @throws InvalidMailboxRequestException if the plan does not allow it
     * @throws MailboxConflictException       if the mailbox is not in a paid period
     */
    public ChargeRequest addOnCharge(Subscription s, AddOnKind kind, int units, String discountCode, Instant now)
            throws InvalidMailboxRequestException, MailboxConflictException {
        return quoteAddOn(s, kind, units, discountCode, now).request();
    }

    private AddOnQuote quoteAddOn(Subscription s, AddOnKind kind, int units, String discountCode, Instant now)
            throws InvalidMailboxRequestException, MailboxConflictException {
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
        String purpose = "addon/" + kind + "x" + units + "/" + codeOf(code) + "/" + charge.total().cents();
        return new AddOnQuote(terms, months, code, charge, new ChargeRequest(s.getPaymentToken(), charge.total(),
                stableKey(s, purpose), units + " x " + kind + " per " + months + " mesi"));
    }

    /**
     * Buys {@code units} of an add-on until the expiry, pro rata by the months left, settling the charge
     * {@link #addOnCharge} decided with the gateway's answer.
     *
     * @throws InvalidMailboxRequestException if the plan does not allow it
     * @throws MailboxConflictException       if the mailbox is not in a paid period, or the subscription changed
     *                                        since the charge was decided (the payment is recorded)
     */
    public PurchaseOrder buyAddOn(Subscription s, AddOnKind kind, int units, String discountCode,
            ChargeRequest charged, PaymentResult answer, Instant now)
            throws InvalidMailboxRequestException, MailboxConflictException, PaymentDeclinedException {
        AddOnQuote quote = quoteAddOn(s, kind, units, discountCode, now);
        PlanTerms terms = quote.terms();
        int months = quote.months();
        DiscountCode code = quote.code();
        Charge charge = quote.charge();
        PaymentResult result = settleSame(s, quote.request(), charged, answer, now);
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
     * The charge of a plan change ({@link #changePlan}), checked as it checks, to make outside the transaction;
     * empty when the change is free.
     */
    public Optional<ChargeRequest> planChangeCharge(Subscription s, String planCode, String discountCode, Instant now)
            throws InvalidMailboxRequestException, MailboxConflictException {
        PlanChangeQuote quote = quotePlanChange(s, planCode, discountCode, now);
        Charge charge = quote.charge();
        if (charge.isFree()) {
            return Optional.empty();
        }
        String purpose = "plan/" + quote.from().code() + ">" + quote.to().code() + "/" + codeOf(quote.code()) + "/"
                + charge.total().cents();
        return Optional.of(new ChargeRequest(s.getPaymentToken(), charge.total(), stableKey(s, purpose),
                quote.from().code() + " -> " + quote.to().code()));
    }

    /**
     * Changes plan mid-term: an upgrade at once, charged the difference pro rata; a downgrade only when the
     * content fits, deleting the archive when the new plan has none, without refund. Settles the charge
     * {@link #planChangeCharge} decided with the gateway's answer ({@code null} both when it decided none).
     */
    public PurchaseOrder changePlan(Subscription s, String planCode, String discountCode, ChargeRequest charged,
            PaymentResult answer, Instant now)
            throws InvalidMailboxRequestException, MailboxConflictException, PaymentDeclinedException {
        Optional<ChargeRequest> request = planChangeCharge(s, planCode, discountCode, now);
        PlanChangeQuote quote = quotePlanChange(s, planCode, discountCode, now);
        Plan plan = quote.plan();
        PlanTerms from = quote.from();
        PlanTerms to = quote.to();
        PlanChange change = quote.change();
        int months = quote.months();
        DiscountCode code = quote.code();
        Charge charge = quote.charge();
        String reference = null;
        if (request.isEmpty() && charged != null) {
            settle(s, charged, answer, now);
            throw new MailboxConflictException("the plan change became free while it was being paid; payment "
                    + answer.reference() + " is recorded for a refund");
        }
        if (request.isPresent()) {
            PaymentResult result = settleSame(s, request.get(), charged, answer, now);
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

    /**
     * Records the gateway's answer to {@code charge}, once per idempotency key: a key settled before answers as
     * it did then. The row is written in the transaction that applies the purchase, so it exists only for a
     * purchase settled (or declined): until then the charge's key stays the same.
     */
    private PaymentResult settle(Subscription s, ChargeRequest charge, PaymentResult answer, Instant now) {
        Optional<Payment> earlier = em.createNamedQuery(Payment.BY_KEY, Payment.class)
                .setParameter("key", charge.idempotencyKey()).getResultStream().findFirst();
        if (earlier.isPresent()) {
            Payment p = earlier.get();
            return new PaymentResult(p.isApproved(), p.getGatewayRef(), p.getMessage());
        }
        Objects.requireNonNull(answer, "answer");
        em.persist(new Payment(charge.idempotencyKey(), s.getMailbox().getAddress(), charge.amount().cents(),
                answer.approved(), answer.reference(), answer.message(), now));
        em.flush();
        return answer;
    }

    /**
     * Settles {@code charged} when it is still the charge this purchase needs; otherwise the subscription moved
     * between the two transactions (another purchase settled, a price changed): what was charged is recorded,
     * and the purchase is refused.
     */
    private PaymentResult settleSame(Subscription s, ChargeRequest needed, ChargeRequest charged, PaymentResult answer,
            Instant now) throws MailboxConflictException {
        if (charged == null) {
            throw new IllegalArgumentException("a charge of " + needed.amount() + " is needed and none was made");
        }
        if (!needed.equals(charged)) {
            PaymentResult recorded = settle(s, charged, answer, now);
            throw new MailboxConflictException("the subscription changed while it was being paid; try again"
                    + (recorded.approved() ? " (payment " + recorded.reference() + " is recorded for a refund)" : ""));
        }
        return settle(s, charged, answer, now);
    }

    /**
     * An idempotency key that stays the same until a payment with it is recorded: the mailbox, its period, the
     * purchase ({@code purpose}, with its price) and how many payments for that purchase were settled before.
     */
    private String stableKey(Subscription s, String purpose) {
        String base = s.getMailbox().getAddress() + "/" + s.getExpiresAt() + "/" + purpose + "#";
        for (int n = 1; ; n++) {
            String key = boundedKey(base + n);
            if (em.createNamedQuery(Payment.BY_KEY, Payment.class).setParameter("key", key).getResultList().isEmpty()) {
                return key;
            }
        }
    }

    /** Keys longer than the column (very long addresses) are replaced by their SHA-256, still stable. */
    private static String boundedKey(String key) {
        if (key.length() <= MAX_KEY_LENGTH) {
            return key;
        }
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String codeOf(DiscountCode code) {
        return code == null ? "-" : code.getCode();
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
