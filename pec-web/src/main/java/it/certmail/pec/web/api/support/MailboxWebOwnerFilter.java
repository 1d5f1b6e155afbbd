package it.certmail.pec.web.api.support;

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

import it.certmail.pec.mailbox.service.MailboxInfo;
import it.certmail.pec.mailbox.service.MailboxService;

/**
 * HTTP Basic for {@link MailboxWebOwner} resources: user = mailbox address, password = its web password. As
 * {@link MailboxOwnerFilter} otherwise: mailboxes that may not log in are refused like a wrong password, a failed
 * login costs a pause, and the security context names the mailbox (role {@link MailboxOwnerFilter#ROLE}).
 */
@Provider
@MailboxWebOwner
@Priority(Priorities.AUTHENTICATION)
public class MailboxWebOwnerFilter implements ContainerRequestFilter {

    @Inject
    MailboxService mailboxes;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String[]> credentials = AdminAuthFilter.basicCredentials(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        Optional<MailboxInfo> mailbox = credentials.flatMap(c -> mailboxes.authenticateWeb(c[0], c[1]));
        if (mailbox.isPresent()) {
            String address = mailbox.get().address();
            boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
            request.setProperty(MailboxOwnerFilter.ADDRESS, address);
            request.setSecurityContext(new MailboxOwnerFilter.OwnerContext(address, secure));
            return;
        }
        if (credentials.isPresent()) {
            FailedLoginDelay.pause();
        }
        request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pec-web\", charset=\"UTF-8\"")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorJson("authentication required: HTTP Basic with the mailbox address and its web password"))
                .build());
    }
}
