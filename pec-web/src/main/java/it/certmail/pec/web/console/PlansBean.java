package it.certmail.pec.web.console;

import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.operator.domain.NotAllowedException;
import it.certmail.pec.web.console.MonitoringViews.DiscountRow;
import it.certmail.pec.web.console.MonitoringViews.PlanRow;

/**
 * Piani e codici sconto: the catalog's plans (edited in one form: pick a plan to fill it, or a new code) and the
 * discount codes (listed, and created). Every change goes through one facade method.
 */
@Named("plans")
@ViewScoped
public class PlansBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleFacade facade;

    private List<PlanRow> rows;
    private List<DiscountRow> discounts;
    private PlanForm form = new PlanForm();
    private DiscountForm discount = new DiscountForm();

    @PostConstruct
    void load() {
        rows = facade.planRows();
        discounts = facade.discountRows();
    }

    public void edit(String code) {
        rows.stream().filter(p -> p.code().equals(code)).findFirst().ifPresent(p -> form = PlanForm.of(p));
    }

    public String save() {
        try {
            facade.savePlan(form.toRow(), form.onSale);
            Messages.info("plans.saved", form.code);
            Messages.keepForRedirect();
            return "/console/plans?faces-redirect=true";
        } catch (NotAllowedException e) {
            return FacadeErrors.refused();
        } catch (MailboxException | IllegalArgumentException e) {
            Messages.errorText("planForm:code", Messages.text("error.invalid") + " " + e.getMessage());
            return null;
        }
    }

    public String createDiscount() {
        try {
            Instant until = TraceBean.instant(discount.validUntil);
            Set<String> plans = discount.plans == null || discount.plans.isBlank() ? Set.of()
                    : Set.copyOf(Arrays.asList(discount.plans.strip().split("[ ,]+")));
            facade.createDiscount(discount.code, discount.kind, discount.value, null, until, plans, discount.maxUses);
            Messages.info("plans.discountCreated", discount.code);
            Messages.keepForRedirect();
            return "/console/plans?faces-redirect=true";
        } catch (DateTimeParseException e) {
            Messages.error("discountForm:validUntil", "trace.badTime");
            return null;
        } catch (MailboxException e) {
            FacadeErrors.show("discountForm:code", e);
            return null;
        } catch (NotAllowedException e) {
            return FacadeErrors.refused();
        }
    }

    public List<String> getPeriodUnits() {
        return Arrays.stream(it.certmail.pec.mailbox.billing.model.PeriodUnit.values()).map(Enum::name).toList();
    }

    public List<String> getExpiryModes() {
        return Arrays.stream(it.certmail.pec.mailbox.model.ExpiryMode.values()).map(Enum::name).toList();
    }

    public List<String> getDiscountKinds() {
        return Arrays.stream(it.certmail.pec.mailbox.billing.model.DiscountKind.values()).map(Enum::name).toList();
    }

    public List<PlanRow> getRows() { return rows; }
    public List<DiscountRow> getDiscounts() { return discounts; }
    public PlanForm getForm() { return form; }
    public DiscountForm getDiscount() { return discount; }

    /** The plan form's fields (add-ons as names separated by spaces or commas). */
    public static class PlanForm implements Serializable {
        private static final long serialVersionUID = 1L;
        private String code;
        private String name;
        private String periodUnit = "YEARS";
        private int periodLength = 1;
        private boolean multiYear;
        private long priceCents;
        private int vatBasisPoints = 2200;
        private long spaceBytes = 1L << 30;
        private long archiveBytes;
        private String addOns = "";
        private String onExpiry;
        private int chargeLeadDays;
        private int retryDays;
        private int graceDays;
        private int purgeDays;
        private int cessationDays;
        private int finalNoticeDays;
        private boolean deleteArchiveOnExpiry;
        private boolean onSale = true;

        static PlanForm of(PlanRow p) {
            PlanForm f = new PlanForm();
            f.code = p.code();
            f.name = p.name();
            f.periodUnit = p.periodUnit();
            f.periodLength = p.periodLength();
            f.multiYear = p.multiYear();
            f.priceCents = p.priceCents();
            f.vatBasisPoints = p.vatBasisPoints();
            f.spaceBytes = p.spaceBytes();
            f.archiveBytes = p.archiveBytes();
            f.addOns = String.join(" ", p.addOns());
            f.onExpiry = p.onExpiry();
            f.chargeLeadDays = p.chargeLeadDays();
            f.retryDays = p.retryDays();
            f.graceDays = p.graceDays();
            f.purgeDays = p.purgeDays();
            f.cessationDays = p.cessationDays();
            f.finalNoticeDays = p.finalNoticeDays();
            f.deleteArchiveOnExpiry = p.deleteArchiveOnExpiry();
            return f;
        }

        PlanRow toRow() {
            List<String> addOnList = addOns == null || addOns.isBlank() ? List.of()
                    : Arrays.asList(addOns.strip().split("[ ,]+"));
            return new PlanRow(code == null ? "" : code, name, periodUnit, periodLength, multiYear, priceCents,
                    vatBasisPoints, spaceBytes, archiveBytes, addOnList, onExpiry, chargeLeadDays, retryDays,
                    graceDays, purgeDays, cessationDays, finalNoticeDays, deleteArchiveOnExpiry);
        }

        public String getCode() { return code; }
        public void setCode(String v) { code = v; }
        public String getName() { return name; }
        public void setName(String v) { name = v; }
        public String getPeriodUnit() { return periodUnit; }
        public void setPeriodUnit(String v) { periodUnit = v; }
        public int getPeriodLength() { return periodLength; }
        public void setPeriodLength(int v) { periodLength = v; }
        public boolean isMultiYear() { return multiYear; }
        public void setMultiYear(boolean v) { multiYear = v; }
        public long getPriceCents() { return priceCents; }
        public void setPriceCents(long v) { priceCents = v; }
        public int getVatBasisPoints() { return vatBasisPoints; }
        public void setVatBasisPoints(int v) { vatBasisPoints = v; }
        public long getSpaceBytes() { return spaceBytes; }
        public void setSpaceBytes(long v) { spaceBytes = v; }
        public long getArchiveBytes() { return archiveBytes; }
        public void setArchiveBytes(long v) { archiveBytes = v; }
        public String getAddOns() { return addOns; }
        public void setAddOns(String v) { addOns = v; }
        public String getOnExpiry() { return onExpiry; }
        public void setOnExpiry(String v) { onExpiry = v; }
        public int getChargeLeadDays() { return chargeLeadDays; }
        public void setChargeLeadDays(int v) { chargeLeadDays = v; }
        public int getRetryDays() { return retryDays; }
        public void setRetryDays(int v) { retryDays = v; }
        public int getGraceDays() { return graceDays; }
        public void setGraceDays(int v) { graceDays = v; }
        public int getPurgeDays() { return purgeDays; }
        public void setPurgeDays(int v) { purgeDays = v; }
        public int getCessationDays() { return cessationDays; }
        public void setCessationDays(int v) { cessationDays = v; }
        public int getFinalNoticeDays() { return finalNoticeDays; }
        public void setFinalNoticeDays(int v) { finalNoticeDays = v; }
        public boolean isDeleteArchiveOnExpiry() { return deleteArchiveOnExpiry; }
        public void setDeleteArchiveOnExpiry(boolean v) { deleteArchiveOnExpiry = v; }
        public boolean isOnSale() { return onSale; }
        public void setOnSale(boolean v) { onSale = v; }
    }

    /** The discount-code form; {@code value} in basis points (PERCENT) or cents (AMOUNT). */
    public static class DiscountForm implements Serializable {
        private static final long serialVersionUID = 1L;
        private String code;
        private String kind = "PERCENT";
        private long value;
        private String validUntil;
        private String plans;
        private Integer maxUses;

        public String getCode() { return code; }
        public void setCode(String v) { code = v; }
        public String getKind() { return kind; }
        public void setKind(String v) { kind = v; }
        public long getValue() { return value; }
        public void setValue(long v) { value = v; }
        public String getValidUntil() { return validUntil; }
        public void setValidUntil(String v) { validUntil = v; }
        public String getPlans() { return plans; }
        public void setPlans(String v) { plans = v; }
        public Integer getMaxUses() { return maxUses; }
        public void setMaxUses(Integer v) { maxUses = v; }
    }
}
