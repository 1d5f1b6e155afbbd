package it.certmail.pec.web.api.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import it.certmail.pec.platform.service.AdminAccount;

/** HTTP Basic for {@link AdminOnly} resources; a wrong password costs the caller a pause. */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {

    @Inject
    AdminAccount admin;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String[]> credentials = basicCredentials(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (credentials.isPresent() && admin.authenticate(credentials.get()[0], credentials.get()[1])) {
            return;
        }
        if (credentials.isPresent()) {
            FailedLoginDelay.pause();
        }
        request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pec-admin\", charset=\"UTF-8\"")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorJson("authentication required: HTTP Basic as admin"))
                .build());
    }

    /** User and password from an {@code Authorization: Basic} header, empty when absent or malformed. */
    public static Optional<String[]> basicCredentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
