package it.certmail.pec.web.api.support;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import it.certmail.pec.operator.domain.Actor;
import it.certmail.pec.operator.domain.AuditValues;
import it.certmail.pec.operator.service.AuditTrail;

/**
 * Every change made through the admin API goes into the audit trail, in this one place: after the resource answered
 * with success (a refused or failed call changed nothing), with the caller, the path and the body that asked for it
 * (secrets masked), and for a mailbox its state before and after ({@link ApiChangeSnapshots}). Resources need do
 * nothing to be audited.
 */
@Provider
@AdminOnly
public class AuditedApiChanges implements ContainerResponseFilter {

    @Inject
    AuditTrail audit;

    @Inject
    ApiChangeSnapshots snapshots;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object actor = request.getProperty(AdminAuthFilter.ACTOR);
        if (!(actor instanceof Actor a) || !AdminApiAreas.changes(request.getMethod()) || response.getStatus() >= 400) {
            return;
        }
        String path = request.getUriInfo().getPath();
        String body = (String) request.getProperty(AdminAuthFilter.CHANGE_BODY);
        String before = (String) request.getProperty(AdminAuthFilter.BEFORE);
        // a snapshotted target: its state after the change, then what the request asked
        String now = before == null ? null : snapshots.of(path);
        String after = before == null ? body
                : AuditValues.fit((now == null ? "removed" : now) + (body == null ? "" : "; request " + body));
        audit.record(a, AdminApiAreas.action(path, request.getMethod()), AdminApiAreas.target(path), before, after);
    }
}
