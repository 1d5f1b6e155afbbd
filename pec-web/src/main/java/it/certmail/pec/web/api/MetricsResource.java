package it.certmail.pec.web.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import org.eclipse.microprofile.openapi.annotations.Operation;

import it.certmail.pec.platform.domain.PrometheusText;
import it.certmail.pec.web.metrics.MetricsExposition;
import it.certmail.pec.web.metrics.PecMetrics;

/**
 * The provider's own metrics in Prometheus text. Payara Micro serves its MicroProfile Metrics at {@code /metrics}
 * (a context of its own, in front of our root-context application), so ours cannot sit there: they are at
 * {@code /api/metrics}, beside it on the same port, and like Payara's they need no sign-in (the plain-HTTP port
 * listens on loopback unless configured otherwise).
 */
@Path("/metrics")
public class MetricsResource {

    @Inject
    PecMetrics metrics;

    @GET
    @Produces(PrometheusText.CONTENT_TYPE)
    @Operation(summary = "Submissions, deliveries, receipts, anomalies, queues, relay failures, jobs, failed"
            + " sign-ins, in Prometheus text format 0.0.4")
    public String scrape() {
        return MetricsExposition.write(metrics.figures());
    }
}
