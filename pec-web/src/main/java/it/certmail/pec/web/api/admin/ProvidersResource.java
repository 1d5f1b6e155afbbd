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

import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.web.api.support.AdminOnly;
import it.certmail.pec.web.api.support.ErrorJson;

/** Other providers in the local providers' index. */
@Path("/admin/providers")
@AdminOnly
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class ProvidersResource {

    @Inject
    ProviderIndexService index;

    @POST
    @Consumes({"text/plain", "text/ldif", "application/ldif", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Import LDIF records of other providers; bad entries are skipped and listed")
    public Response importLdif(String ldif) {
        if (ldif == null || ldif.isBlank()) {
            return Response.status(Response.Status.BAD_REQUEST).entity(new ErrorJson("empty body: LDIF expected")).build();
        }
        ProviderIndexService.ImportOutcome outcome = index.importLdif(ldif);
        boolean nothing = outcome.inserted() + outcome.updated() == 0;
        return Response.status(nothing && !outcome.problems().isEmpty() ? Response.Status.BAD_REQUEST : Response.Status.OK)
                .entity(outcome).build();
    }

    @GET
    @Operation(summary = "Every provider in the local index")
    public List<ProviderJson> list() {
        return index.all().stream().map(ProviderJson::of).toList();
    }

    /** A provider as the API shows it. */
    public record ProviderJson(String name, String providerUnit, String mailReceipt, List<String> managedDomains,
                               List<String> certificateHashes) {
        static ProviderJson of(ProviderRecord r) {
            return new ProviderJson(r.name(), r.providerUnit(), r.mailReceipt(), List.copyOf(r.managedDomains()),
                    r.certificateHashes());
        }
    }
}
