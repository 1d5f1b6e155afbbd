package it.certmail.pec.operator.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * Voce del registro delle modifiche: one change made by an operator in the console or through the admin API. Only
 * ever inserted: no setter, every column not updatable (and on PostgreSQL a trigger refuses UPDATE and DELETE,
 * V41). Table {@code audit_record} (V40).
 */
@Entity
@Table(name = "audit_record")
public class AuditRecord {

    /** Longest before/after text kept; longer values are cut (the column's size). */
    public static final int VALUE_MAX = 4000;

    @Id
    @SequenceGenerator(name = "audit_record_seq", sequenceName = "audit_record_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_record_seq")
    private Long id;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    private Instant recordedAt;

    @Column(name = "actor", nullable = false, updatable = false, length = 64)
    private String actor;

    @Column(name = "actor_role", nullable = false, updatable = false, length = 16)
    private String actorRole;

    @Column(name = "address", nullable = false, updatable = false, length = 64)
    private String address;

    @Column(name = "channel", nullable = false, updatable = false, length = 16)
    private String channel;

    @Column(name = "action", nullable = false, updatable = false, length = 100)
    private String action;

    @Column(name = "target", nullable = false, updatable = false, length = 320)
    private String target;

    @Column(name = "before_value", updatable = false, length = VALUE_MAX)
    private String beforeValue;

    @Column(name = "after_value", updatable = false, length = VALUE_MAX)
    private String afterValue;

    protected AuditRecord() {
    }

    public AuditRecord(Instant recordedAt, String actor, String actorRole, String address, String channel,
            String action, String target, String beforeValue, String afterValue) {
        this.recordedAt = recordedAt;
        this.actor = actor;
        this.actorRole = actorRole;
        this.address = address;
        this.channel = channel;
        this.action = action;
        this.target = target;
        this.beforeValue = beforeValue;
        this.afterValue = afterValue;
    }

    public Long getId() { return id; }
    public Instant getRecordedAt() { return recordedAt; }
    public String getActor() { return actor; }
    public String getActorRole() { return actorRole; }
    public String getAddress() { return address; }
    public String getChannel() { return channel; }
    public String getAction() { return action; }
    public String getTarget() { return target; }
    public String getBeforeValue() { return beforeValue; }
    public String getAfterValue() { return afterValue; }
}
