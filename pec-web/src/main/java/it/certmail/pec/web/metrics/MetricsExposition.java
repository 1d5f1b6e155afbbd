package it.certmail.pec.web.metrics;

import java.util.Map;

import it.certmail.pec.platform.domain.PrometheusText;
import it.certmail.pec.platform.domain.PrometheusText.Type;

/**
 * Writes {@link MetricsFigures} as Prometheus text, names prefixed {@code pec_} so they sit beside Payara's own
 * ({@code base_}, {@code vendor_}, {@code connection_pool_}) in one scrape configuration. Pure: tested alone.
 */
public final class MetricsExposition {

    private MetricsExposition() {
    }

    public static String write(MetricsFigures f) {
        PrometheusText t = new PrometheusText();

        t.family("pec_log_events_total", Type.COUNTER, "Entries of the official log (registro dei messaggi) committed"
                + " on this node since it started, by event type");
        f.logEvents().forEach((event, n) -> t.sample("pec_log_events_total", n, "event", event));

        t.family("pec_submissions_total", Type.COUNTER, "Submissions at the access point since this node started, by"
                + " outcome (accepted, not accepted, not accepted for a virus)");
        for (String event : MetricsFigures.SUBMISSION_EVENTS) {
            t.sample("pec_submissions_total", f.logEvents().getOrDefault(event, 0L), "outcome", event);
        }
        t.family("pec_deliveries_total", Type.COUNTER, "Deliveries into our mailboxes (avvenuta consegna) since this"
                + " node started");
        t.sample("pec_deliveries_total", f.logEvents().getOrDefault("CONSEGNA", 0L));
        t.family("pec_receipts_received_total", Type.COUNTER, "Receipts and notices of other providers filed in our"
                + " mailboxes since this node started");
        t.sample("pec_receipts_received_total", f.logEvents().getOrDefault("RICEZIONE_RICEVUTA", 0L));
        t.family("pec_anomalies_total", Type.COUNTER, "Anomalies since this node started, by kind");
        for (String kind : new String[] {"BUSTA_ANOMALIA", "MANCATA_CONSEGNA", "MANCATA_CONSEGNA_VIRUS",
                "MANCATA_CONSEGNA_12H", "MANCATA_CONSEGNA_24H", "RILEVAZIONE_VIRUS", "RIFIUTO"}) {
            t.sample("pec_anomalies_total", f.logEvents().getOrDefault(kind, 0L), "kind", kind);
        }

        t.family("pec_work_pending", Type.GAUGE, "Transport work items waiting, by queue");
        f.pendingByQueue().forEach((q, n) -> t.sample("pec_work_pending", n, "queue", q));
        t.family("pec_work_oldest_pending_age_seconds", Type.GAUGE, "How long the oldest waiting item of each queue"
                + " has waited (0 when none waits)");
        f.oldestPendingAge().forEach((q, age) -> t.sample("pec_work_oldest_pending_age_seconds", age.toSeconds(),
                "queue", q));
        t.family("pec_work_held", Type.GAUGE, "Transport work held for an operator");
        t.sample("pec_work_held", f.held());
        t.family("pec_timeout_notices_held", Type.GAUGE, "Recipients whose 12 h / 24 h notice could not be made and"
                + " waits for another attempt (the sender does not know yet)");
        t.sample("pec_timeout_notices_held", f.heldTimeoutNotices());

        t.family("pec_relay_retrying_items", Type.GAUGE, "Relay items that failed and wait for another attempt, by"
                + " destination");
        t.family("pec_relay_failed_attempts", Type.GAUGE, "Failed relay attempts of the items still being retried,"
                + " by destination");
        for (MetricsFigures.RetryingPeer p : f.retryingPeers()) {
            t.sample("pec_relay_retrying_items", p.items(), "peer", p.peer());
            t.sample("pec_relay_failed_attempts", p.failedAttempts(), "peer", p.peer());
        }

        t.family("pec_job_runs_total", Type.COUNTER, "Job runs finished on this node since it started, by job and"
                + " status");
        t.family("pec_job_run_seconds_total", Type.COUNTER, "Time spent in job runs on this node since it started");
        for (Map.Entry<String, MetricsFigures.JobRuns> e : f.jobRuns().entrySet()) {
            t.sample("pec_job_runs_total", e.getValue().completed(), "job", e.getKey(), "status", "COMPLETED");
            t.sample("pec_job_runs_total", e.getValue().failed(), "job", e.getKey(), "status", "FAILED");
            t.sample("pec_job_run_seconds_total", e.getValue().seconds(), "job", e.getKey());
        }

        t.family("pec_login_failures_total", Type.COUNTER, "Failed sign-ins since this node started, by channel");
        f.failedLogins().forEach((channel, n) -> t.sample("pec_login_failures_total", n, "channel", channel));

        t.family("pec_component_up", Type.GAUGE, "1 when the component works, 0 when not (clamd absent when no"
                + " scanner is configured)");
        t.sample("pec_component_up", f.quartzUp() ? 1 : 0, "component", "quartz");
        if (f.clamdUp() != null) {
            t.sample("pec_component_up", f.clamdUp() ? 1 : 0, "component", "clamd");
        }
        return t.text();
    }
}
