package it.certmail.pec.mailbox.billing.domain;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.billing.model.PeriodUnit;
import it.certmail.pec.mailbox.model.LifecyclePolicy;

/**
 * Listino: the plans and add-on prices in force. The catalog ships the presets below (seeded by V9 into the
 * {@code plan} and {@code addon_price} tables, where admins edit them and add more); prices are net of VAT.
 */
public record PriceList(List<PlanTerms> plans, Map<AddOnKind, Money> addOnYearlyPrices) {

    private static final long GIB = 1L << 30;

    public PriceList {
        plans = List.copyOf(plans);
        addOnYearlyPrices = Map.copyOf(addOnYearlyPrices);
    }

    public Optional<PlanTerms> plan(String code) {
        return plans.stream().filter(p -> p.code().equals(code)).findFirst();
    }

    /** Yearly price of one unit of an add-on. */
    public Optional<Money> addOnYearlyPrice(AddOnKind kind) {
        return Optional.ofNullable(addOnYearlyPrices.get(kind));
    }

    /** The presets the catalog ships. */
    public static PriceList presets() {
        Set<AddOnKind> spaceAndSms = EnumSet.of(AddOnKind.EXTRA_GB, AddOnKind.SMS_NOTIFICATIONS);
        Set<AddOnKind> all = EnumSet.allOf(AddOnKind.class);
        VatRate vat = VatRate.ORDINARY;
        List<PlanTerms> plans = List.of(
                new PlanTerms("standard", "PEC Standard", PeriodUnit.YEARS, 1, true, Money.euros("5.00"), vat,
                        GIB, 0, spaceAndSms, LifecyclePolicy.superReception()),
                new PlanTerms("pro", "PEC Pro", PeriodUnit.YEARS, 1, true, Money.euros("25.00"), vat,
                        2 * GIB, 3 * GIB, all, LifecyclePolicy.superReception()),
                new PlanTerms("premium", "PEC Premium", PeriodUnit.YEARS, 1, true, Money.euros("40.00"), vat,
                        2 * GIB, 8 * GIB, all, LifecyclePolicy.superReception()),
                new PlanTerms("classic-1y", "PEC Classic 1 anno", PeriodUnit.YEARS, 1, false, Money.euros("6.00"), vat,
                        GIB, GIB, all, LifecyclePolicy.receptionOnly()),
                new PlanTerms("classic-2y", "PEC Classic 2 anni", PeriodUnit.YEARS, 2, false, Money.euros("11.00"), vat,
                        GIB, GIB, all, LifecyclePolicy.receptionOnly()),
                new PlanTerms("classic-3y", "PEC Classic 3 anni", PeriodUnit.YEARS, 3, false, Money.euros("15.00"), vat,
                        GIB, GIB, all, LifecyclePolicy.receptionOnly()),
                new PlanTerms("monthly", "PEC Mensile", PeriodUnit.MONTHS, 1, false, Money.euros("0.99"), vat,
                        2 * GIB, 0, EnumSet.of(AddOnKind.SMS_NOTIFICATIONS), LifecyclePolicy.recurring()),
                new PlanTerms("annual", "PEC Annuale", PeriodUnit.YEARS, 1, false, Money.euros("9.99"), vat,
                        GIB, 0, spaceAndSms, LifecyclePolicy.recurring()));
        Map<AddOnKind, Money> addOns = new EnumMap<>(AddOnKind.class);
        addOns.put(AddOnKind.EXTRA_GB, Money.euros("6.00"));
        addOns.put(AddOnKind.ARCHIVE_GB, Money.euros("3.00"));
        addOns.put(AddOnKind.USER_SEAT, Money.euros("12.00"));
        addOns.put(AddOnKind.SMS_NOTIFICATIONS, Money.euros("2.40"));
        return new PriceList(plans, addOns);
    }
}
