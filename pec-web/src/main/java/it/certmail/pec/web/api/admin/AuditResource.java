package it.certmail.pec.web.api.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.operator.domain.AuditQuery;
import it.certmail.pec.operator.model.AuditRecord;
import it.certmail.pec.operator.service.AuditTrail;
import it.certmail.pec.web.api.support.AdminOnly;

/** The audit trail of operators' changes, newest first, paged by id ({@code before} = the last id seen). */
@Path("/admin/audit")
@AdminOnly
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditTrail audit;

    public record AuditJson(long id, Instant at, String actor, String role, String address, String channel,
            String action, String target, String before, String after) {

        static AuditJson of(AuditRecord r) {
            return new AuditJson(r.getId(), r.getRecordedAt(), r.getActor(), r.getActorRole(), r.getAddress(),
                    r.getChannel(), r.getAction(), r.getTarget(), r.getBeforeValue(), r.getAfterValue());
        }
    }

    @GET
    @Operation(summary = "Search the audit trail: actor (exact), action and target (prefixes), from/to (ISO-8601"
            + " instants), before (id), limit 1..500; 400 for a bad value")
    public Response search(@QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("target") String target, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("before") Long before, @QueryParam("limit") @DefaultValue("50") int limit) {
        AuditQuery query;
        try {
            query = new AuditQuery(actor, action, target, instant(from), instant(to), before, limit);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return AccountOperations.badRequest(e.getMessage());
        }
        List<AuditJson> found = audit.search(query).stream().map(AuditJson::of).toList();
        return Response.ok(found).build();
    }

    private static Instant instant(String text) {
        return text == null || text.isBlank() ? null : Instant.parse(text.strip());
    }
}
