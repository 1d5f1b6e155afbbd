package it.certmail.pec.batch.jobs;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ciclo di vita: hourly, every mailbox whose next lifecycle step is due (expiry into super reception or reception
 * only, disable, purge, start of cessation, final notice, withdrawal reminder, deletion) gets it, each mailbox in its own transaction
 * and each step recorded once, so a run that dies is simply run again. Processed = steps performed.
 */
@ApplicationScoped
public class LifecycleJob extends StepsJob {

    @Override
    public String name() {
        return "lifecycle";
    }

    @Override
    public String description() {
        return "Mailbox lifecycle: expiry, super reception, reception only, disable, purge, cessation, withdrawal reminder and deletion";
    }
}
