/**
 * The provider's metrics: {@link it.certmail.pec.web.metrics.PecMetrics} gathers the figures from the services,
 * {@link it.certmail.pec.web.metrics.MetricsExposition} writes them as Prometheus text (pure, no container API).
 * Served at {@code /api/metrics} (Payara Micro's own MicroProfile Metrics hold {@code /metrics}); the dashboard
 * shows the same figures. Never imports the persistence layer.
 */
package it.certmail.pec.web.metrics;
