package it.certmail.pec.web.api.admin;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.crypto.Certificates;
import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.platform.service.ProviderKeys;
import it.certmail.pec.web.api.support.AdminOnly;

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

    @GET
    @Path("/ca")
    @Produces("application/x-pem-file")
    @Operation(summary = "PEM of the CA behind the signing and TLS certificates, for other providers' trust anchors")
    public String ca() {
        return Certificates.toPem(keys.caCertificate());
    }
}
