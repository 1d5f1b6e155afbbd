package it.certmail.pec.web.api.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import it.certmail.pec.operator.domain.Actor;
import it.certmail.pec.operator.domain.AuditValues;
import it.certmail.pec.operator.model.Area;
import it.certmail.pec.operator.service.OperatorAccounts;

/**
 * HTTP Basic for {@link AdminOnly} resources, as the built-in admin or an operator account, and the role check of
 * every call: the path's area ({@link AdminApiAreas}) and whether the method changes something decide, so an auditor
 * reads and gets 403 for any change. A wrong password costs the caller a pause; a right one never waits. The caller
 * is left on the request as {@link #ACTOR} (with the body of a change, secrets masked, as {@link #CHANGE_BODY}) for
 * {@link AuditedApiChanges}.
 */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {

    public static final String ACTOR = "pec.actor";
    static final String CHANGE_BODY = "pec.changeBody";
    static final String BEFORE = "pec.changeBefore";
    /** JSON bodies up to this size are kept in the trail (masked); longer ones, and files, by type and size. */
    private static final int BODY_KEPT_MAX = 64 * 1024;

    @Inject
    OperatorAccounts accounts;

    @Inject
    ApiChangeSnapshots snapshots;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String[]> credentials = basicCredentials(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        Optional<OperatorAccounts.SignedIn> who = credentials.flatMap(c -> accounts.authenticate(c[0], c[1]));
        if (who.isEmpty()) {
            if (credentials.isPresent()) {
                FailedLoginDelay.pause();
            }
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pec-admin\", charset=\"UTF-8\"")
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorJson("authentication required: HTTP Basic as admin or an operator"))
                    .build());
            return;
        }
        String path = request.getUriInfo().getPath();
        Area area = AdminApiAreas.areaOf(path);
        boolean change = AdminApiAreas.changes(request.getMethod());
        if (!who.get().role().allows(area, change)) {
            request.abortWith(Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorJson("the role " + who.get().role().code() + " may not "
                            + (change ? "change " : "read ") + area.name().toLowerCase(java.util.Locale.ROOT)))
                    .build());
            return;
        }
        request.setProperty(ACTOR, new Actor(who.get().user(), who.get().role(), servletRequest.getRemoteAddr(),
                Actor.API));
        if (change) {
            request.setProperty(CHANGE_BODY, keepBody(request));
            String before = snapshots.of(request.getUriInfo().getPath());
            if (before != null) {
                request.setProperty(BEFORE, before);
            }
        }
    }

    /** The body of a change as the trail keeps it; the stream is given back to the resource unread. */
    private static String keepBody(ContainerRequestContext request) {
        if (!request.hasEntity()) {
            return null;
        }
        MediaType type = request.getMediaType();
        boolean json = type != null && (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                || type.getSubtype().endsWith("+json"));
        if (!json || request.getLength() > BODY_KEPT_MAX) {
            return "(" + (type == null ? "body" : type.toString()) + ", "
                    + (request.getLength() < 0 ? "unknown size" : request.getLength() + " bytes") + ")";
        }
        try {
            byte[] body = request.getEntityStream().readAllBytes();
            request.setEntityStream(new ByteArrayInputStream(body));
            return AuditValues.redactJson(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
