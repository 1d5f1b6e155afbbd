package it.certmail.pec.web.api.admin;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.jobs.model.JobRun;
import it.certmail.pec.jobs.model.JobRunStatus;
import it.certmail.pec.jobs.model.JobTrigger;
import it.certmail.pec.jobs.service.JobAlreadyRunningException;
import it.certmail.pec.jobs.service.Jobs;
import it.certmail.pec.jobs.service.ScheduledJob;
import it.certmail.pec.jobs.service.UnknownJobException;
import it.certmail.pec.web.api.support.AdminOnly;
import it.certmail.pec.web.api.support.ErrorJson;

/** The scheduled jobs: what there is, when it fires next, what its runs did; and a run now, by hand. */
@Path("/admin/jobs")
@AdminOnly
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    @Inject
    Jobs runner;

    @Inject
    Jobs scheduler;

    @Inject
    Jobs runs;

    @GET
    @Operation(summary = "Every scheduled job with its schedule, next firing and last run")
    public List<JobJson> list() {
        return runner.jobs().stream().map(this::json).toList();
    }

    @POST
    @Path("{name}/run")
    @Operation(summary = "Runs the job now on this node and waits for it")
    @APIResponse(responseCode = "200", description = "the run's record (status COMPLETED)")
    @APIResponse(responseCode = "404", description = "no such job")
    @APIResponse(responseCode = "409", description = "the job is running on this node now")
    @APIResponse(responseCode = "500", description = "the job failed; the body is the run's record (status FAILED)")
    public Response run(@PathParam("name") String name) {
        try {
            JobRun run = runner.run(name, JobTrigger.MANUAL);
            return Response.status(run.getStatus() == JobRunStatus.FAILED ? 500 : 200)
                    .type(MediaType.APPLICATION_JSON).entity(RunJson.of(run)).build();
        } catch (UnknownJobException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        } catch (JobAlreadyRunningException e) {
            return error(Response.Status.CONFLICT, e.getMessage());
        }
    }

    @POST
    @Path("{name}/fire")
    @Operation(summary = "Has Quartz fire the job once now, on whichever node takes it; see its runs for the outcome")
    @APIResponse(responseCode = "202", description = "Quartz will fire it")
    @APIResponse(responseCode = "404", description = "no such job")
    public Response fire(@PathParam("name") String name) {
        try {
            scheduler.fireNow(name);
            return Response.accepted(new FiredJson(name)).type(MediaType.APPLICATION_JSON).build();
        } catch (UnknownJobException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        }
    }

    @GET
    @Path("{name}/runs")
    @Operation(summary = "The job's latest runs, newest first (limit 1..500, default 20)")
    public Response runs(@PathParam("name") String name, @QueryParam("limit") @DefaultValue("20") int limit) {
        if (runner.job(name).isEmpty()) {
            return error(Response.Status.NOT_FOUND, "no job named " + name);
        }
        return Response.ok(runs.recent(name, limit).stream().map(RunJson::of).toList(), MediaType.APPLICATION_JSON).build();
    }

    private JobJson json(ScheduledJob job) {
        return new JobJson(job.name(), job.description(), job.schedule().describe(),
                scheduler.nextFireTime(job.name()).orElse(null), runner.isRunning(job.name()),
                runs.last(job.name()).map(RunJson::of).orElse(null));
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorJson(message)).build();
    }

    /** A job as the API shows it; {@code nextFireTime} and {@code lastRun} are null when there is none. */
    @JsonbNillable
    public record JobJson(String name, String description, String schedule, Instant nextFireTime, boolean running,
                          RunJson lastRun) {
    }

    /** A firing handed to Quartz. */
    public record FiredJson(String job) {
    }

    /** One run: {@code trigger} is schedule or manual, {@code status} RUNNING, COMPLETED or FAILED. */
    public record RunJson(long id, String job, String trigger, String status, long processed, long errors,
                          String detail, Instant startedAt, Instant finishedAt, String node) {
        static RunJson of(JobRun r) {
            return new RunJson(r.getId(), r.getJobName(), r.getTrigger().code(), r.getStatus().name(), r.getProcessed(),
                    r.getErrors(), r.getDetail(), r.getStartedAt(), r.getFinishedAt(), r.getNode());
        }
    }
}
