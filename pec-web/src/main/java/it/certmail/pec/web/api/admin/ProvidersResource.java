package it.certmail.pec.web.api.admin;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.index.domain.PeerIdentity;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.service.PeerSignatureProfileService;
import it.certmail.pec.index.service.PeerSignatureProfileService.PeerChoiceException;
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

    @Inject
    PeerSignatureProfileService peerProfiles;

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
    @Operation(summary = "Every provider in the local index, with the signature profile chosen for it (null: none,"
            + " the global pec.signature.profile applies) and the one that applies")
    public List<ProviderJson> list() {
        Map<PeerIdentity, SignatureProfile> chosen = peerProfiles.chosen();
        SignatureProfile global = peerProfiles.global();
        return index.all().stream().map(r -> ProviderJson.of(r, chosen.get(PeerIdentity.of(r)), global)).toList();
    }

    @PUT
    @Path("signature-profile")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Chooses the signature profile (sha256, legacy, or default: the global"
            + " pec.signature.profile) of what this provider sends to one provider of the index: envelopes relayed to"
            + " its domains, notices to its users and service mailbox. Kept across reloads of the index")
    public Response chooseSignatureProfile(SignatureProfileChoice choice) {
        if (choice == null || choice.name() == null || choice.name().isBlank()) {
            return Response.status(Response.Status.BAD_REQUEST).entity(new ErrorJson("name: the provider's name"))
                    .build();
        }
        SignatureProfile profile;
        try {
            profile = choice.profile() == null || choice.profile().isBlank()
                    || choice.profile().equalsIgnoreCase("default") ? null : SignatureProfile.ofCode(choice.profile());
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(new ErrorJson("profile: sha256, legacy or default")).build();
        }
        PeerIdentity peer = new PeerIdentity(choice.name(), choice.providerUnit());
        try {
            SignatureProfile effective = peerProfiles.choose(peer, profile);
            return Response.ok(new ProfileJson(choice.name().strip(), blankToNull(choice.providerUnit()),
                    profile == null ? null : profile.code(), effective.code())).build();
        } catch (PeerChoiceException e) {
            return Response.status(e.unknownPeer() ? Response.Status.NOT_FOUND : Response.Status.BAD_REQUEST)
                    .entity(new ErrorJson(e.getMessage())).build();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The body of a choice: the provider (name, providerUnit: null or absent for the main record) and the profile. */
    public record SignatureProfileChoice(String name, String providerUnit, String profile) {
    }

    /** A provider's signature profile: the one chosen for it (null: none) and the one that applies. */
    public record ProfileJson(String name, String providerUnit, String signatureProfile,
                              String effectiveSignatureProfile) {
    }

    /** A provider as the API shows it. */
    public record ProviderJson(String name, String providerUnit, String mailReceipt, List<String> managedDomains,
                               List<String> certificateHashes, String signatureProfile,
                               String effectiveSignatureProfile) {
        static ProviderJson of(ProviderRecord r, SignatureProfile chosen, SignatureProfile global) {
            return new ProviderJson(r.name(), r.providerUnit(), r.mailReceipt(), List.copyOf(r.managedDomains()),
                    r.certificateHashes(), chosen == null ? null : chosen.code(),
                    (chosen == null ? global : chosen).code());
        }
    }
}
