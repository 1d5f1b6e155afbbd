package it.certmail.pec.batch.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.batch.scheduler.JobContext;
import it.certmail.pec.batch.scheduler.JobReport;
import it.certmail.pec.batch.scheduler.JobSchedule;
import it.certmail.pec.batch.scheduler.PecJob;
import it.certmail.pec.documents.domain.LogExtractPdf;
import it.certmail.pec.documents.service.HolderDocuments;

/**
 * Estratti del registro richiesti dai titolari: the large Official Log extracts holders asked for (more entries than
 * {@code pec.holder.extract.async-above}) are made here, each read in parts with its progress recorded after every
 * part (the reports page shows it), then signed and kept READY for 30 days. The requests are rows, so a restart
 * loses nothing: a queued request, or a running one silent for five minutes (its node stopped), is taken at the next
 * run; the holder area fires a run as soon as it queues one. Results past their keeping time are deleted.
 * Processed = extracts made.
 */
@ApplicationScoped
public class HolderExtractsJob implements PecJob {

    /** Requests made in one run at most; the rest wait for the next minute. */
    static final int MAX_PER_RUN = 20;

    @Inject
    HolderDocuments documents;

    @Override
    public String name() {
        return "holder-extracts";
    }

    @Override
    public String description() {
        return "Official Log extracts asked for by holders: make the large ones (progress shown), delete results after "
                + "30 days";
    }

    @Override
    public JobSchedule schedule() {
        return JobSchedule.every(Duration.ofMinutes(1));
    }

    @Override
    public JobReport run(JobContext context) {
        int deleted = documents.deleteExpiredExtracts();
        long made = 0;
        long failed = 0;
        for (long id : documents.dueExtracts().stream().limit(MAX_PER_RUN).toList()) {
            if (!documents.claimExtract(id)) {
                continue;
            }
            try {
                documents.finishExtract(id, readAll(id));
                made++;
            } catch (RuntimeException e) {
                failed++;
                documents.failExtract(id, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        return new JobReport(made, failed, "made " + made + " extracts, " + failed + " failed, deleted " + deleted
                + " past their keeping time");
    }

    /** Every entry of request {@code id}, part after part (each part records the progress). */
    private List<LogExtractPdf.Entry> readAll(long id) {
        int partSize = documents.jobPolicy().partSize();
        List<LogExtractPdf.Entry> entries = new ArrayList<>();
        while (true) {
            List<LogExtractPdf.Entry> part = documents.readExtractPart(id, entries.size());
            entries.addAll(part);
            if (part.size() < partSize || entries.size() >= HolderDocuments.MAX_EXTRACT_ENTRIES) {
                return entries;
            }
        }
    }
}
