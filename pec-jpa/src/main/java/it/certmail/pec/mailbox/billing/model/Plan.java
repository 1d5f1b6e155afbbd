package it.certmail.pec.mailbox.billing.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import it.certmail.pec.mailbox.model.ExpiryMode;
import it.certmail.pec.mailbox.model.LifecyclePolicy;

/**
 * Piano del catalogo: price, term, VAT, space, archive, add-ons allowed and lifecycle policy, as data that admins
 * edit (table {@code plan}, presets seeded by V9).
 */
@Entity
@Table(name = "plan")
@NamedQuery(name = Plan.ALL, query = "SELECT p FROM Plan p ORDER BY p.code")
public class Plan {

    public static final String ALL = "Plan.all";

    @Id
    @Column(name = "code", length = 64)
    private String code;

    @Column(name = "name", nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "period_unit", nullable = false, length = 8)
    private PeriodUnit periodUnit;

    @Column(name = "period_length", nullable = false)
    private int periodLength;

    @Column(name = "multi_year", nullable = false)
    private boolean multiYear;

    @Column(name = "price_cents", nullable = false)
    private long priceCents;

    @Column(name = "vat_bps", nullable = false)
    private int vatBps;

    @Column(name = "space_bytes", nullable = false)
    private long spaceBytes;

    @Column(name = "archive_bytes", nullable = false)
    private long archiveBytes;

    @Column(name = "addons", nullable = false, length = 200)
    private String addons = "";

    @Enumerated(EnumType.STRING)
    @Column(name = "expiry_mode", nullable = false, length = 32)
    private ExpiryMode expiryMode;

    @Column(name = "charge_lead_days", nullable = false)
    private int chargeLeadDays;

    @Column(name = "retry_days", nullable = false)
    private int retryDays;

    @Column(name = "grace_days", nullable = false)
    private int graceDays;

    @Column(name = "purge_days", nullable = false)
    private int purgeDays;

    @Column(name = "cessation_days", nullable = false)
    private int cessationDays;

    @Column(name = "final_notice_days", nullable = false)
    private int finalNoticeDays;

    @Column(name = "delete_archive_on_expiry", nullable = false)
    private boolean deleteArchiveOnExpiry;

    @Column(name = "on_sale", nullable = false)
    private boolean onSale = true;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Plan() {
    }

    public Plan(String code, String name) {
        this.code = code;
        this.name = name;
    }

    /** Sets everything but the code (an admin edit); validated by the caller through the domain's PlanTerms. */
    public void update(String name, PeriodUnit unit, int periodLength, boolean multiYear, long priceCents, int vatBps,
            long spaceBytes, long archiveBytes, Set<AddOnKind> addOns, LifecyclePolicy policy, boolean onSale) {
        this.name = name;
        this.periodUnit = unit;
        this.periodLength = periodLength;
        this.multiYear = multiYear;
        this.priceCents = priceCents;
        this.vatBps = vatBps;
        this.spaceBytes = spaceBytes;
        this.archiveBytes = archiveBytes;
        this.addons = addOns.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        this.expiryMode = policy.onExpiry();
        this.chargeLeadDays = policy.chargeLeadDays();
        this.retryDays = policy.retryDays();
        this.graceDays = policy.graceDays();
        this.purgeDays = policy.purgeDays();
        this.cessationDays = policy.cessationDays();
        this.finalNoticeDays = policy.finalNoticeDays();
        this.deleteArchiveOnExpiry = policy.deleteArchiveOnExpiry();
        this.onSale = onSale;
    }

    public LifecyclePolicy policy() {
        return new LifecyclePolicy(expiryMode, chargeLeadDays, retryDays, graceDays, purgeDays, cessationDays,
                finalNoticeDays, deleteArchiveOnExpiry);
    }

    public Set<AddOnKind> addOns() {
        Set<AddOnKind> kinds = EnumSet.noneOf(AddOnKind.class);
        Arrays.stream(addons.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(AddOnKind::valueOf)
                .forEach(kinds::add);
        return kinds;
    }

    public String getCode() { return code; }
    public String getName() { return name; }
    public PeriodUnit getPeriodUnit() { return periodUnit; }
    public int getPeriodLength() { return periodLength; }
    public boolean isMultiYear() { return multiYear; }
    public long getPriceCents() { return priceCents; }
    public int getVatBps() { return vatBps; }
    public long getSpaceBytes() { return spaceBytes; }
    public long getArchiveBytes() { return archiveBytes; }
    public boolean isOnSale() { return onSale; }
    public long getVersion() { return version; }
}
