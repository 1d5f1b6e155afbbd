package it.certmail.pec.transport.domain;

/**
 * The provider's limits on a submission (DM 2 novembre 2005 art. 12 c.1-2: at least 50 recipients and 30 MB
 * of size x recipients must be allowed; higher ceilings are provider policy).
 *
 * @param maxRecipients     most recipients (To + Cc) of one message
 * @param maxTotalBytes     most message size x number of recipients
 * @param absoluteMaxBytes  above this size SMTP refuses the message itself (552), without a notice (RFC 6109 §3.1.2)
 */
public record SubmissionLimits(int maxRecipients, long maxTotalBytes, long absoluteMaxBytes) {

    public static final int LEGAL_MIN_RECIPIENTS = 50;
    public static final long LEGAL_MIN_TOTAL_BYTES = 30L * 1024 * 1024;

    public SubmissionLimits {
        if (maxRecipients < LEGAL_MIN_RECIPIENTS) {
            throw new IllegalArgumentException("the law requires at least " + LEGAL_MIN_RECIPIENTS + " recipients");
        }
        if (maxTotalBytes < LEGAL_MIN_TOTAL_BYTES) {
            throw new IllegalArgumentException("the law requires at least 30 MB of size x recipients");
        }
        if (absoluteMaxBytes <= 0) {
            throw new IllegalArgumentException("absoluteMaxBytes must be positive");
        }
    }

    /** 1000 recipients, 100 MB of size x recipients, 100 MB per message. */
    public static SubmissionLimits defaults() {
        return new SubmissionLimits(1000, 100L * 1024 * 1024, 100L * 1024 * 1024);
    }
}
