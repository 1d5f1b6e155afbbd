package it.certmail.pec.web.console;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.jobs.service.JobAlreadyRunningException;
import it.certmail.pec.jobs.service.UnknownJobException;
import it.certmail.pec.operator.domain.NotAllowedException;
import it.certmail.pec.web.console.MonitoringViews.JobRunRow;
import it.certmail.pec.web.console.MonitoringViews.JobState;

/**
 * I job: schedule, next firing, last runs with counts and errors; "run now" starts a run on this node in the
 * background and the page polls until it has finished.
 */
@Named("jobs")
@ViewScoped
public class JobsBean implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int RUNS_SHOWN = 10;

    @Inject
    ConsoleFacade facade;

    @Inject
    Clock clock;

    private List<JobState> states;
    /** The job whose runs are listed: the one last started here, else none. */
    private String selected;
    private List<JobRunRow> runs = List.of();

    @PostConstruct
    void load() {
        refresh();
    }

    /** Called by the poll and after every action. */
    public void refresh() {
        states = facade.jobStates();
        runs = selected == null ? List.of() : facade.jobRuns(selected, RUNS_SHOWN);
    }

    public void runNow(String name) {
        try {
            facade.startJob(name);
            selected = name;
            Messages.info("jobs.started", name);
        } catch (UnknownJobException e) {
            Messages.error(null, "jobs.unknown", name);
        } catch (JobAlreadyRunningException e) {
            Messages.error(null, "jobs.alreadyRunning", name);
        } catch (NotAllowedException e) {
            FacadeErrors.refused();
        }
        refresh();
    }

    public void showRuns(String name) {
        selected = name;
        refresh();
    }

    /** Whether a job started here still runs: the poll goes on while it does. */
    public boolean isAnyRunning() {
        return states.stream().anyMatch(JobState::running)
                || runs.stream().anyMatch(r -> "RUNNING".equals(r.status()));
    }

    public long seconds(JobRunRow run) {
        return run.seconds(Instant.now(clock));
    }

    public List<JobState> getStates() { return states; }
    public List<JobRunRow> getRuns() { return runs; }
    public String getSelected() { return selected; }
}
