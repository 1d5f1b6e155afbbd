package it.certmail.pec.web.api.admin;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.transport.model.Delivery;
import it.certmail.pec.transport.model.WorkItem;
import it.certmail.pec.transport.service.WorkQueueService;
import it.certmail.pec.web.api.support.AdminOnly;

/** Work the transport could not process: held, never dropped, until an admin sends it back to its queue. */
@Path("/admin/work")
@AdminOnly
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class WorkResource {

    @Inject
    WorkQueueService queue;

    @GET
    @Path("/held")
    @Operation(summary = "Held work items, with the last error")
    public List<WorkItemJson> held() {
        return queue.held().stream().map(WorkItemJson::of).toList();
    }

    @POST
    @Path("/{id}/requeue")
    @Operation(summary = "Send a held work item back to its queue")
    public WorkItemJson requeue(@PathParam("id") long id) {
        if (!queue.requeue(id)) {
            throw new NotFoundException("no held work item " + id);
        }
        return new WorkItemJson(id, null, "QUEUED", null, List.of(), null, 0, null, null);
    }

    @GET
    @Path("/deliveries/held")
    @Operation(summary = "Recipients held by the relay (one delivery row each), with the last error")
    public List<WorkItemJson> heldDeliveries() {
        return queue.relayHeld().stream().map(WorkItemJson::of).toList();
    }

    @POST
    @Path("/deliveries/{id}/requeue")
    @Operation(summary = "Send a recipient held by the relay back to it, due at once")
    public WorkItemJson requeueDelivery(@PathParam("id") long id) {
        if (!queue.requeueDelivery(id)) {
            throw new NotFoundException("no held delivery " + id);
        }
        return new WorkItemJson(id, "RELAY", "QUEUED", null, List.of(), null, 0, null, null);
    }

    /** A work item (or a relay recipient's delivery row) as the API shows it. */
    public record WorkItemJson(long id, String queue, String state, String mailFrom, List<String> recipients,
                               String target, int attempts, Instant createdAt, String lastError) {
        static WorkItemJson of(Delivery d) {
            return new WorkItemJson(d.getId(), "RELAY", d.getStatus().name(), d.getMailFrom(),
                    List.of(d.getRecipient()), d.getDomain(), d.getAttempts(), d.getDispatchedAt(), d.getLastError());
        }

        static WorkItemJson of(WorkItem w) {
            return new WorkItemJson(w.getId(), w.getQueue().name(), w.getState().name(), w.getMailFrom(),
                    w.getRecipients(), w.getTarget(), w.getAttempts(), w.getCreatedAt(), w.getLastError());
        }
    }
}
