package it.certmail.pec.web.api.support;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

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
        MailboxOwnerFilter.authenticate(request, mailboxes::authenticateWeb, "pec-web", "web password");
    }
}
