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

import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.platform.service.AdminAccount;

/** HTTP Basic for {@link AnyAccount} resources: {@code admin}, or a mailbox address with its client password. */
@Provider
@AnyAccount
@Priority(Priorities.AUTHENTICATION)
public class AnyAccountFilter implements ContainerRequestFilter {

    @Inject
    AdminAccount admin;

    @Inject
    MailboxService mailboxes;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String[]> credentials = AdminAuthFilter.basicCredentials(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (credentials.isPresent()) {
            String user = credentials.get()[0];
            String password = credentials.get()[1];
            if (AdminAccount.USER.equals(user) ? admin.authenticate(user, password)
                    : mailboxes.authenticateClient(user, password).isPresent()) {
                return;
            }
            FailedLoginDelay.pause();
        }
        request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pec\", charset=\"UTF-8\"")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorJson("authentication required: HTTP Basic as admin or as a mailbox with its client password"))
                .build());
    }
}
