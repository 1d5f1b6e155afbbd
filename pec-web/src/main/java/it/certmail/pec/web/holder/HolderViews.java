package it.certmail.pec.web.holder;

import java.io.Serializable;
import java.time.Instant;

/** What the holder's pages show, as plain values (no entity, no service type reaches a page). */
public final class HolderViews {

    private HolderViews() {
    }

    /** Used space against its quota, as the bars show it. */
    public record Usage(long usedBytes, long quotaBytes) implements Serializable {

        /** 0..100; a full or over-full space shows 100. */
        public int percent() {
            if (quotaBytes <= 0) {
                return 0;
            }
            return (int) Math.max(0, Math.min(100, Math.round(usedBytes * 100.0 / quotaBytes)));
        }
    }

    /**
     * The dashboard of one mailbox.
     *
     * @param archive     {@code null} when the plan has no archive
     * @param inCessation  the mailbox is being closed (cessation or withdrawal): its content is downloadable until
     *                     it is deleted
     * @param deletionAt   when the lifecycle job deletes it, {@code null} when not yet scheduled
     * @param downloadOnly withdrawn (recesso): closed to mail, the area offers only the downloads
     */
    public record Dashboard(String address, String holderName, String referenceEmail, HolderStanding standing,
            String planName, Instant activatedAt, Instant expiresAt, boolean renewalNotice, boolean autoRenew,
            Usage mailbox, Usage archive, Instant clientPasswordExpiresAt, boolean clientPasswordExpired,
            String mobileNumber, boolean inCessation, Instant deletionAt, boolean downloadOnly) implements Serializable {

        /** Past the expiry (the notice then says it expired, not that it will). */
        public boolean expired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    public record PlanChoice(String code, String name) implements Serializable {
    }

    /** A renewal priced before paying; amounts in euro cents (pages show them with {@code formats.money}). */
    public record Quote(String planName, int months, String discountCode, long net, long discount, long vat,
            long total) implements Serializable {
    }

    /** A plan change now, priced before paying; {@code deletesArchive}: the archived messages would go. */
    public record PlanChangeQuote(String planName, boolean upgrade, boolean deletesArchive, int monthsLeft,
            String discountCode, long discount, long total) implements Serializable {
    }

    /** An order and its invoice ({@code invoiceNumber} null for a free order). */
    public record OrderRow(long id, String kind, String description, String discountCode, long total,
            Instant createdAt, String invoiceNumber) implements Serializable {
    }

    /** One official-log entry of the holder's own transmissions (RFC 6109 §2.3 fields). */
    public record LogRow(Instant at, String type, String msgid, String sender, String recipients, String subject,
            String sendingProvider, String detail) implements Serializable {
    }

    /**
     * A signed official-log extract the holder asked for: {@code status} QUEUED, RUNNING, READY or FAILED, how far the
     * job got, when a job's result is deleted (null: kept) and why it failed.
     */
    public record ExtractRow(long id, Instant requestedAt, Instant from, Instant to, int entries, String status,
            it.certmail.pec.documents.domain.ExtractProgress progress, Instant expiresAt, String error)
            implements Serializable {

        public boolean isReady() {
            return "READY".equals(status);
        }

        /** Queued or being made: the page refreshes while one is. */
        public boolean isPending() {
            return "QUEUED".equals(status) || "RUNNING".equals(status);
        }

        public boolean isFailed() {
            return "FAILED".equals(status);
        }
    }

    /** A recorded download: what ({@code INVOICE}, {@code CONTRACT}, {@code LOG_EXTRACT}, {@code LOG_SIGNATURE}), which, when. */
    public record DownloadRow(String document, String reference, Instant at) implements Serializable {
    }
}
