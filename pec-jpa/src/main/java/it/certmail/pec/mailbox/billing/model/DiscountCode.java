package it.certmail.pec.mailbox.billing.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** Codice sconto as stored (table {@code discount_code}); the rules are {@code mailbox.billing.domain.DiscountRule}. */
@Entity
@Table(name = "discount_code")
@NamedQuery(name = DiscountCode.BY_CODE, query = "SELECT d FROM DiscountCode d WHERE d.code = :code")
public class DiscountCode {

    /** Parameter {@code code}, upper-case. */
    public static final String BY_CODE = "DiscountCode.byCode";

    @Id
    @SequenceGenerator(name = "discount_code_seq", sequenceName = "discount_code_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "discount_code_seq")
    private Long id;

    @Column(name = "code", nullable = false, unique = true, length = 64)
    private String code;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false, length = 16)
    private DiscountKind kind;

    @Column(name = "discount_value", nullable = false)
    private long value;

    @Column(name = "valid_from", nullable = false)
    private Instant validFrom;

    @Column(name = "valid_until")
    private Instant validUntil;

    @Column(name = "plans", nullable = false, length = 500)
    private String plans = "";

    @Column(name = "max_uses")
    private Integer maxUses;

    @Column(name = "times_used", nullable = false)
    private int timesUsed;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected DiscountCode() {
    }

    public DiscountCode(String code, DiscountKind kind, long value, Instant validFrom, Instant validUntil,
            Set<String> plans, Integer maxUses) {
        this.code = code.strip().toUpperCase(Locale.ROOT);
        this.kind = kind;
        this.value = value;
        this.validFrom = validFrom;
        this.validUntil = validUntil;
        this.plans = plans.stream().sorted().collect(Collectors.joining(","));
        this.maxUses = maxUses;
    }

    /** One more use; the version guards two orders racing for a single-use code. */
    public void used() {
        timesUsed++;
    }

    public Set<String> planSet() {
        return Arrays.stream(plans.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    public Long getId() { return id; }
    public String getCode() { return code; }
    public DiscountKind getKind() { return kind; }
    public long getValue() { return value; }
    public Instant getValidFrom() { return validFrom; }
    public Instant getValidUntil() { return validUntil; }
    public Integer getMaxUses() { return maxUses; }
    public int getTimesUsed() { return timesUsed; }
}
