package it.certmail.pec.batch.jobs;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Rinnovi automatici: hourly, the automatic renewals due (7 days before expiry on yearly plans, on the day for
 * recurring ones) and the daily retries of failed charges. Each attempt carries an idempotency key (mailbox,
 * period, attempt) to the gateway and is recorded with the step, so a restart never charges twice.
 * Processed = charge attempts.
 */
@ApplicationScoped
public class BillingJob extends StepsJob {

    @Override
    public String name() {
        return "billing";
    }

    @Override
    public String description() {
        return "Automatic renewals and daily retries of failed charges";
    }
}
