package it.certmail.pec.web.console;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** The console's DTOs: what pages show, detached from entities and services (Cargo Tracker's facade DTOs). */
public final class ConsoleViews {

    private ConsoleViews() {
    }

    /** A part of the platform and whether it answers; {@code detail} for people (a port, an error). */
    public record HealthRow(String nameKey, boolean up, String detail) implements Serializable {
    }

    /** A job and its last run; run fields null when it never ran. */
    public record JobRow(String name, String description, String schedule, String lastStatus, Instant lastStartedAt,
            Instant lastFinishedAt, Long lastProcessed, Long lastErrors) implements Serializable {
    }

    public record Dashboard(List<HealthRow> health, String activityChartJson, long activityTotal, int heldWork,
            List<JobRow> jobs, List<CertificateRow> certificates) implements Serializable {
    }

    /** One of the provider's certificates and the whole days it has left; {@code warning} under 30 days. */
    public record CertificateRow(String nameKey, String subject, Instant notAfter, long daysLeft)
            implements Serializable {

        static final long WARNING_DAYS = 30;

        static CertificateRow of(String nameKey, java.security.cert.X509Certificate certificate, Instant now) {
            Instant notAfter = certificate.getNotAfter().toInstant();
            long days = now.isAfter(notAfter) ? -java.time.Duration.between(notAfter, now).toDays() - 1
                    : java.time.Duration.between(now, notAfter).toDays();
            return new CertificateRow(nameKey, certificate.getSubjectX500Principal().getName(), notAfter, days);
        }

        public boolean warning() {
            return daysLeft < WARNING_DAYS;
        }
    }

    /** One row of the mailbox list. */
    public record MailboxRow(String address, String holderName, String status, String plan, Instant createdAt,
            Instant expiresAt) implements Serializable {
    }

    /** The mailbox page. */
    public record MailboxDetail(String address, String holderName, String referenceEmail, String status, String plan,
            String phase, Instant createdAt, Instant activatedAt, Instant expiresAt, long usedBytes, long quotaBytes,
            boolean acceptOrdinaryMail, boolean blockNonPecRecipients, boolean clientPasswordSet,
            Instant clientPasswordSetAt, String nextStep, Instant nextStepAt) implements Serializable {

        /** Share of the quota used, 0..100 (a full or over-full mailbox shows 100). */
        public int usedPercent() {
            if (quotaBytes <= 0) {
                return 0;
            }
            long percent = Math.round(usedBytes * 100.0 / quotaBytes);
            return (int) Math.max(0, Math.min(100, percent));
        }
    }

    /** A catalog plan as a choice in the create form. */
    public record PlanChoice(String code, String name) implements Serializable {
    }

    /** A row of the operators' list. */
    public record OperatorRow(String user, String role, boolean disabled, boolean totpEnrolled, Instant createdAt,
            String createdBy) implements Serializable {
    }

    /** A row of the audit trail. */
    public record AuditRow(long id, Instant at, String actor, String role, String address, String channel,
            String action, String target, String before, String after) implements Serializable {
    }

    /** One order of a mailbox and its invoice number (null: a free order, no invoice). */
    public record OrderRow(long id, Instant createdAt, String kind, String description, long totalCents,
            String invoiceNumber) implements Serializable {
    }

    /**
     * A mailbox's contract as the mailbox page shows it: renewal, running add-ons, orders with their invoices;
     * {@code subscribed} false for a mailbox without a plan (nothing else is set then).
     */
    public record MailboxAccount(boolean subscribed, boolean autoRenew, int termYears, boolean paymentMethod,
            List<String> addOns, List<OrderRow> orders) implements Serializable {
    }

    /** The report of one line of an uploaded mailbox CSV: created, or why not. */
    public record CsvRowResult(int line, String address, boolean created, String problem) implements Serializable {
    }
}
