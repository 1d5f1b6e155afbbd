package it.certmail.pec.log.service;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import it.certmail.pec.log.model.LogEventType;

/**
 * Entries of the registro committed on this node since it started, by event type: the counters the metrics
 * endpoint publishes. Counted after the commit (see {@link PecLog#record}), so a rolled-back transaction counts
 * nothing; kept in memory because counting tens of millions of rows on every scrape would cost more than the
 * figures are worth (Prometheus sums the nodes and handles restarts of a counter).
 */
@ApplicationScoped
public class LogEventCounters {

    private final Map<LogEventType, LongAdder> committed = new EnumMap<>(LogEventType.class);

    public LogEventCounters() {
        for (LogEventType t : LogEventType.values()) {
            committed.put(t, new LongAdder());
        }
    }

    void committed(LogEventType type) {
        committed.get(type).increment();
    }

    /** Every event type, with 0 for those not seen. */
    public Map<LogEventType, Long> snapshot() {
        Map<LogEventType, Long> out = new EnumMap<>(LogEventType.class);
        committed.forEach((t, n) -> out.put(t, n.sum()));
        return out;
    }
}
