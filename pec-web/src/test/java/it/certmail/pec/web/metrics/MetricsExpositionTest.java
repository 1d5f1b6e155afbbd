package it.certmail.pec.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MetricsExpositionTest {

    @Test
    void figuresShouldBecomeThePecFamilies() {
        Map<String, Long> events = new LinkedHashMap<>();
        events.put("ACCETTAZIONE", 5L);
        events.put("CONSEGNA", 4L);
        events.put("BUSTA_ANOMALIA", 1L);
        MetricsFigures f = new MetricsFigures(events, Map.of("RELAY", 2L), Map.of("RELAY", Duration.ofSeconds(90)), 1, 3,
                List.of(new MetricsFigures.RetryingPeer("c.test", 2, 7)),
                Map.of("delivery-timeouts", new MetricsFigures.JobRuns(3, 1, 2.5)), Map.of("smtp", 6L), true, null);

        String text = MetricsExposition.write(f);

        assertThat(text).contains(
                "pec_log_events_total{event=\"ACCETTAZIONE\"} 5\n",
                "pec_submissions_total{outcome=\"ACCETTAZIONE\"} 5\n",
                "pec_submissions_total{outcome=\"NON_ACCETTAZIONE\"} 0\n",
                "pec_deliveries_total 4\n",
                "pec_anomalies_total{kind=\"BUSTA_ANOMALIA\"} 1\n",
                "pec_work_pending{queue=\"RELAY\"} 2\n",
                "pec_work_oldest_pending_age_seconds{queue=\"RELAY\"} 90\n",
                "pec_work_held 1\n",
                "pec_timeout_notices_held 3\n",
                "pec_relay_retrying_items{peer=\"c.test\"} 2\n",
                "pec_relay_failed_attempts{peer=\"c.test\"} 7\n",
                "pec_job_runs_total{job=\"delivery-timeouts\",status=\"FAILED\"} 1\n",
                "pec_job_run_seconds_total{job=\"delivery-timeouts\"} 2.5\n",
                "pec_login_failures_total{channel=\"smtp\"} 6\n",
                "pec_component_up{component=\"quartz\"} 1\n",
                "# TYPE pec_deliveries_total counter\n");
        // no scanner configured: no clamd sample rather than a false "down"
        assertThat(text).doesNotContain("component=\"clamd\"");
    }
}
