package it.certmail.pec.web.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.access.service.MailAccessEndpoints;
import it.certmail.pec.jobs.service.Jobs;
import it.certmail.pec.log.service.LogEventCounters;
import it.certmail.pec.transport.model.WorkQueue;
import it.certmail.pec.transport.service.Antivirus;
import it.certmail.pec.transport.service.QueueFigures;
import it.certmail.pec.transport.service.SmtpEndpoints;
import it.certmail.pec.transport.service.TimeoutNotices;
import it.certmail.pec.transport.service.WorkQueueService;
import it.certmail.pec.web.api.support.FailedLoginDelay;
import it.certmail.pec.web.console.OperatorLoginGuard;
import it.certmail.pec.web.holder.HolderLoginGuard;

/** Gathers {@link MetricsFigures} from the services: one source for {@code /api/metrics} and the dashboard. */
@ApplicationScoped
public class PecMetrics {

    @Inject
    LogEventCounters logEvents;

    @Inject
    WorkQueueService work;

    @Inject
    TimeoutNotices timeoutNotices;

    @Inject
    Jobs jobs;

    @Inject
    Jobs scheduler;

    @Inject
    Antivirus antivirus;

    @Inject
    SmtpEndpoints smtp;

    @Inject
    OperatorLoginGuard consoleLogins;

    @Inject
    HolderLoginGuard holderLogins;

    @Inject
    MailAccessEndpoints mailAccess;

    @Inject
    Clock clock;

    public MetricsFigures figures() {
        Instant now = clock.instant();
        Map<String, Long> events = new LinkedHashMap<>();
        logEvents.snapshot().forEach((t, n) -> events.put(t.name(), n));

        QueueFigures queues = work.figures();
        Map<String, Long> pending = new LinkedHashMap<>();
        Map<String, Duration> oldest = new LinkedHashMap<>();
        for (WorkQueue q : WorkQueue.values()) {
            QueueFigures.Pending p = queues.pending().get(q);
            pending.put(q.name(), p.count());
            oldest.put(q.name(), p.oldestAge(now));
        }

        Map<String, MetricsFigures.JobRuns> runs = new TreeMap<>();
        jobs.jobs().forEach(j -> runs.put(j.name(), new MetricsFigures.JobRuns(0, 0, 0)));
        jobs.runTotals().forEach((job, t) -> runs.put(job, new MetricsFigures.JobRuns(t.completed(), t.failed(),
                t.seconds())));

        Map<String, Long> logins = new LinkedHashMap<>();
        logins.put("console", consoleLogins.refusedTotal());
        logins.put("smtp", smtp.failedSubmissionLogins());
        logins.put("api", FailedLoginDelay.failures());
        logins.put("holder", holderLogins.refusedTotal());
        logins.put("imap", mailAccess.failedLogins().imapTotal());
        logins.put("pop3", mailAccess.failedLogins().pop3Total());

        return new MetricsFigures(events, pending, oldest, queues.held(), timeoutNotices.heldTimeoutNotices(),
                queues.retryingPeers().stream().map(p -> new MetricsFigures.RetryingPeer(p.target(), p.items(),
                        p.failedAttempts())).toList(),
                runs, logins, scheduler.isStarted(), antivirus.clamdAnswers().orElse(null));
    }
}
