package it.certmail.pec.web.api.admin;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.web.api.support.AdminOnly;
import it.certmail.pec.web.api.support.ErrorJson;

/** Local mail domains; each one is also published in our record of the providers' index. */
@Path("/admin/domains")
@AdminOnly
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class DomainsResource {

    @Inject
    MailboxService mailboxes;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a local mail domain: 201; 409 if it exists or another provider manages it")
    public Response create(DomainJson body) throws MailboxException {
        if (body == null || body.name() == null) {
            return Response.status(Response.Status.BAD_REQUEST).entity(new ErrorJson("body {\"name\": \"...\"} expected")).build();
        }
        return Response.status(Response.Status.CREATED).entity(new DomainJson(mailboxes.createDomain(body.name()))).build();
    }

    @GET
    @Operation(summary = "Every local mail domain")
    public List<DomainJson> list() {
        return mailboxes.domains().stream().map(DomainJson::new).toList();
    }

    /** A local mail domain. */
    public record DomainJson(String name) {
    }
}
