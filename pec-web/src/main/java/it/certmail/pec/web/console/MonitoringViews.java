package it.certmail.pec.web.console;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The DTOs of the console's monitoring pages (message trace, queues, jobs, providers' index, plans, verify):
 * what the pages show, detached from entities and services. Kept apart from {@link ConsoleViews} so the two
 * can grow without stepping on each other.
 */
public final class MonitoringViews {

    private MonitoringViews() {
    }

    /** One row of a log search; {@code recipients} and {@code generatedIds} space separated as in the registro. */
    public record LogRow(long id, Instant time, String event, String msgid, String clientMsgid, String sender,
            String recipients, String subject, String generatedIds, String sendingProvider, String detail)
            implements Serializable {
    }

    /** A receipt or notice filed here, downloadable. */
    public record ReceiptLink(long storedMessageId, String mailbox, String kind, String messageId, String subject,
            long sizeBytes, Instant filedAt) implements Serializable {
    }

    /** An event on a timeline with the receipts it produced. */
    public record TraceStep(Instant time, String event, String recipients, String sendingProvider, String detail,
            List<ReceiptLink> receipts) implements Serializable {
    }

    /** One recipient's timeline. */
    public record RecipientTimeline(String recipient, List<TraceStep> steps) implements Serializable {
    }

    public record TransmissionTrace(String msgid, String sender, String subject, List<RecipientTimeline> recipients,
            List<TraceStep> transmission, List<ReceiptLink> otherReceipts) implements Serializable {

        public boolean found() {
            return !recipients.isEmpty() || !transmission.isEmpty() || !otherReceipts.isEmpty();
        }
    }

    /** A work item waiting or held; {@code reason} the last error (why it is held, or why it is retried). */
    public record WorkRow(long id, String queue, String state, String mailFrom, String recipients, String target,
            int attempts, Instant createdAt, Instant nextAttemptAt, String reason) implements Serializable {

        /** The queue of a relay row: one recipient's delivery row (its id is the row's, not a work item's). */
        public static final String RELAY = "RELAY";
    }

    /** A quarantined message; {@code expired}: its retention is over and the purge may delete it. */
    public record QuarantineRow(long id, Instant detectedAt, Instant keepUntil, String virus, String origin,
            String msgid, String sender, boolean expired) implements Serializable {
    }

    /**
     * A recipient of one of our transmissions whose 12 h / 24 h notice could not be made: the sender does not know
     * yet, so an operator sees why ({@code error}) and when it is tried again.
     */
    public record HeldNoticeRow(long id, String msgid, String sender, String recipient, int failures,
            Instant nextAttemptAt, String error) implements Serializable {
    }

    /** Pending work per queue and its oldest item's age, held work: the dashboard and the metrics share them. */
    public record QueueSummary(long pending, long pendingReception, long pendingRelay, Duration oldestAge, long held,
            long heldNotices)
            implements Serializable {

        /** The age in whole minutes, for people. */
        public long oldestAgeMinutes() {
            return oldestAge.toMinutes();
        }
    }

    /** A job as the jobs page shows it. */
    public record JobState(String name, String description, String schedule, Instant nextFireTime, boolean running,
            JobRunRow lastRun) implements Serializable {
    }

    /** One run of a job. */
    public record JobRunRow(long id, String job, String trigger, String status, long processed, long errors,
            String detail, Instant startedAt, Instant finishedAt, String node) implements Serializable {

        /** Seconds the run took, or has taken so far when it still runs. */
        public long seconds(Instant now) {
            return Duration.between(startedAt, finishedAt == null ? now : finishedAt).toSeconds();
        }
    }

    /** A certificate with its expiry; {@code warning} under 30 days. */
    public record CertificateInfo(String subject, String sha1, Instant notAfter, long daysLeft)
            implements Serializable {

        public boolean warning() {
            return daysLeft < ConsoleViews.CertificateRow.WARNING_DAYS;
        }
    }

    /**
     * A provider of the index.
     *
     * @param signatureProfile the profile chosen for it ({@code sha256}, {@code legacy}), null when none (the global
     *                         one applies)
     * @param effectiveProfile the profile of what this provider sends to it
     * @param own              whether it is this provider's own record (whose profile is the global one)
     */
    public record ProviderRow(String name, String providerUnit, String mailReceipt, List<String> domains,
            List<CertificateInfo> certificates, String signatureProfile, String effectiveProfile, boolean own)
            implements Serializable {

        public String domainList() {
            return String.join(", ", domains);
        }

        /** The name as the page shows it, with the secondary environment. */
        public String displayName() {
            return providerUnit == null ? name : name + " / " + providerUnit;
        }
    }

    /** What an LDIF upload did, record by record. */
    public record LdifReport(int inserted, int updated, List<String> providers, List<LdifProblemRow> problems)
            implements Serializable {
    }

    public record LdifProblemRow(String dn, String message) implements Serializable {
    }

    /** A plan as the plans page lists and edits it (prices in cents, VAT in basis points). */
    public record PlanRow(String code, String name, String periodUnit, int periodLength, boolean multiYear,
            long priceCents, int vatBasisPoints, long spaceBytes, long archiveBytes, List<String> addOns,
            String onExpiry, int chargeLeadDays, int retryDays, int graceDays, int purgeDays, int cessationDays,
            int finalNoticeDays, boolean deleteArchiveOnExpiry) implements Serializable {
    }

    /** A discount code. */
    public record DiscountRow(String code, String kind, long value, Instant validFrom, Instant validUntil,
            List<String> plans, Integer maxUses, int uses) implements Serializable {
    }

    /** The verdict on an uploaded message. */
    public record VerifyVerdict(String kind, String category, String messageKind, boolean signed, boolean signatureValid,
            boolean chainTrusted, String signer, String provider, Instant signingTime, String from, String subject,
            String messageId, String identifier, Boolean dtdValid, List<String> problems) implements Serializable {
    }
}
