package it.certmail.pec.web.api.support;

import java.security.Principal;
import java.util.Optional;
import java.util.function.BiFunction;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import it.certmail.pec.mailbox.service.MailboxInfo;
import it.certmail.pec.mailbox.service.MailboxService;

/**
 * HTTP Basic for {@link MailboxOwner} resources: user = mailbox address, password = its client password. Mailboxes
 * whose status forbids logging in are refused like a wrong password; a failed login costs the caller a pause.
 * On success the request's {@link SecurityContext} names the mailbox (its principal is the lower-case address,
 * role {@link #ROLE}), and the request property {@link #ADDRESS} holds the address too.
 */
@Provider
@MailboxOwner
@Priority(Priorities.AUTHENTICATION)
public class MailboxOwnerFilter implements ContainerRequestFilter {

    /** Request property holding the authenticated mailbox address (lower-case). */
    public static final String ADDRESS = "it.certmail.pec.mailbox.address";
    /** The role of an authenticated mailbox owner. */
    public static final String ROLE = "mailbox-owner";

    @Inject
    MailboxService mailboxes;

    @Override
    public void filter(ContainerRequestContext request) {
        authenticate(request, mailboxes::authenticateClient, "pec-mailbox", "client password");
    }

    /**
     * Lets the request through as the mailbox that {@code check} accepts for its HTTP Basic credentials, or answers
     * 401 (after the failed-login pause when credentials were given).
     */
    static void authenticate(ContainerRequestContext request,
            BiFunction<String, String, Optional<MailboxInfo>> check, String realm, String passwordName) {
        Optional<String[]> credentials = AdminAuthFilter.basicCredentials(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        Optional<MailboxInfo> mailbox = credentials.flatMap(c -> check.apply(c[0], c[1]));
        if (mailbox.isPresent()) {
            String address = mailbox.get().address();
            boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
            request.setProperty(ADDRESS, address);
            request.setSecurityContext(new OwnerContext(address, secure));
            return;
        }
        if (credentials.isPresent()) {
            FailedLoginDelay.pause();
        }
        request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\", charset=\"UTF-8\"")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorJson("authentication required: HTTP Basic with the mailbox address and its " + passwordName))
                .build());
    }

    /** The address the filter authenticated for this request. */
    public static String address(SecurityContext security) {
        return security.getUserPrincipal().getName();
    }

    /** The security context of an authenticated mailbox owner. */
    record OwnerContext(String address, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return () -> address;
        }

        @Override
        public boolean isUserInRole(String role) {
            return ROLE.equals(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return SecurityContext.BASIC_AUTH;
        }
    }
}
