package it.certmail.pec.web.api.admin;

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

import it.certmail.pec.crypto.Certificates;
import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.platform.service.ProviderKeys;
import it.certmail.pec.web.api.support.AdminOnly;
import it.certmail.pec.web.api.support.ErrorJson;

/** This provider's own identity: its CA certificate and its record in the providers' index. */
@Path("/admin/provider")
@AdminOnly
@SecurityRequirement(name = "basic")
public class ProviderResource {

    @Inject
    ProviderKeys keys;

    @Inject
    ProviderIndexService index;

    @GET
    @Path("/ldif")
    @Produces("text/plain; charset=UTF-8")
    @Operation(summary = "This provider's record for the providers' index (RFC 6109 §4.5), as LDIF")
    public String ldif() {
        return index.ownRecordLdif();
    }

    @POST
    @Path("/trust-anchors")
    @Consumes({"application/x-pem-file", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Trust other providers' CA certificates (PEM) for their signatures and TLS, from now on")
    public Response addTrustAnchors(String pem) {
        try {
            return Response.ok(java.util.Map.of("added", keys.addTrustAnchors(pem == null ? "" : pem),
                    "trustAnchors", keys.trustAnchors().size())).build();
        } catch (ProviderKeys.RefusedAnchor e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(new ErrorJson(e.getMessage())).build();
        }
    }

    @GET
    @Path("/ca")
    @Produces("application/x-pem-file")
    @Operation(summary = "PEM of the CA behind the signing and TLS certificates, for other providers' trust anchors")
    public String ca() {
        return Certificates.toPem(keys.caCertificate());
    }
}
