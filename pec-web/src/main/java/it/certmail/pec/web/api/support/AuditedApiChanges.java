package it.certmail.pec.web.api.support;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import it.certmail.pec.operator.domain.Actor;
import it.certmail.pec.operator.service.AuditTrail;

/**
 * Every change made through the admin API goes into the audit trail, in this one place: after the resource answered
 * with success (a refused or failed call changed nothing), with the caller, the path and the body that asked for it
 * (secrets masked). Resources need do nothing to be audited.
 */
@Provider
@AdminOnly
public class AuditedApiChanges implements ContainerResponseFilter {

    @Inject
    AuditTrail audit;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object actor = request.getProperty(AdminAuthFilter.ACTOR);
        if (!(actor instanceof Actor a) || !AdminApiAreas.changes(request.getMethod()) || response.getStatus() >= 400) {
            return;
        }
        String path = request.getUriInfo().getPath();
        audit.record(a, AdminApiAreas.action(path, request.getMethod()), AdminApiAreas.target(path), null,
                (String) request.getProperty(AdminAuthFilter.CHANGE_BODY));
    }
}
