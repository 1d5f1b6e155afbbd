package it.certmail.pec.web.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The figures a provider watches, gathered at one moment: the metrics endpoint writes them as Prometheus text and
 * the dashboard shows the same ones.
 *
 * @param logEvents         entries of the registro committed on this node since it started, by event type
 * @param pendingByQueue    transport work waiting, by queue (RECEPTION, RELAY)
 * @param oldestPendingAge  by queue, how long its oldest waiting item has waited (zero when none)
 * @param held              work held for an operator
 * @param heldTimeoutNotices recipients whose 12 h / 24 h notice could not be made and waits for another attempt
 * @param retryingPeers     relay destinations with items that failed and wait for another attempt
 * @param jobRuns           runs finished on this node since it started, by job
 * @param failedLogins      failed sign-ins since this node started, by channel (console, holder, smtp, imap, pop3, api)
 * @param quartzUp          whether the job scheduler runs
 * @param clamdUp           whether clamd answers; null when no scanner is configured
 */
public record MetricsFigures(Map<String, Long> logEvents, Map<String, Long> pendingByQueue,
        Map<String, Duration> oldestPendingAge, long held, long heldTimeoutNotices, List<RetryingPeer> retryingPeers,
        Map<String, JobRuns> jobRuns, Map<String, Long> failedLogins, boolean quartzUp, Boolean clamdUp) {

    /** Relay items of one destination being retried after failures, and the failed attempts they add up to. */
    public record RetryingPeer(String peer, long items, long failedAttempts) {
    }

    public record JobRuns(long completed, long failed, double seconds) {
    }

    /** The events counted as submissions: accepted or refused at the access point. */
    public static final List<String> SUBMISSION_EVENTS = List.of("ACCETTAZIONE", "NON_ACCETTAZIONE",
            "NON_ACCETTAZIONE_VIRUS");
}
