package it.certmail.pec.web.api.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.receipts.infra.PecVerdict;
import it.certmail.pec.receipts.service.VerificationService;
import it.certmail.pec.web.api.support.AnyAccount;
import it.certmail.pec.web.api.support.ErrorJson;

/** Verifies an .eml as our reception point would and explains the verdict. */
@Path("/tools/verify")
@AnyAccount
@SecurityRequirement(name = "basic")
public class VerifyResource {

    @Inject
    VerificationService verification;

    @Inject
    PlatformSettings settings;

    @POST
    @Consumes({"message/rfc822", MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "An .eml in, a verdict out: kind, signature and chain, signer and provider, daticert, problems")
    public Response verify(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength)
            throws IOException {
        long limit = settings.verifyMaxBytes();
        byte[] raw = contentLength != null && contentLength > limit ? null : readAtMost(body, limit);
        if (raw == null) {
            drain(body);
            return tooLarge(limit);
        }
        if (raw.length == 0) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(new ErrorJson("empty body: an RFC 5322 message (.eml) is expected")).build();
        }
        PecVerdict verdict = verification.judgeAsOfSigning(raw);
        if (!verdict.parsable()) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorJson("not an RFC 5322 message: " + String.join("; ", verdict.problems()))).build();
        }
        return Response.ok(VerdictJson.of(verdict)).build();
    }

    private static Response tooLarge(long limit) {
        return Response.status(413).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorJson("message larger than " + limit + " bytes")).build();
    }

    /**
     * Reads on (up to 16 MB) past the limit so that the client, still sending, gets the 413 instead of a reset
     * connection; beyond that the connection is closed on it.
     */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = 16L * 1024 * 1024;
        for (int n; left > 0 && (n = in.read(buffer)) > 0; ) {
            left -= n;
        }
    }

    /** The whole body, or null when it is longer than {@code limit}. */
    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > limit) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
