package it.certmail.pec.web.holder;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import it.certmail.pec.mailbox.service.MailboxUsersService;
import it.certmail.pec.web.shared.SignInRedirect;

/**
 * Form sign-in for {@code /my/}: every page of the holder's area (and its form posts) needs a session signed in
 * with a mailbox's web password (and its TOTP code when it has one), except the sign-in and password-recovery
 * pages, and the code page between the password and the code. Which mailbox a page may
 * show is the session's business ({@link HolderSession#switchTo}), checked again by each page. A session of an
 * additional user (USER_SEAT) opens the webmail only (403 elsewhere) and ends as soon as the holder revokes the user.
 * A withdrawn mailbox's session (download-only until the deletion) is sent from the renewal page and the webmail to
 * the dashboard.
 */
public class HolderAccessFilter extends HttpFilter {

    static final String LOGIN = "/my/login.xhtml";
    static final String RECOVER = "/my/recover.xhtml";
    static final String TOTP = "/my/totp.xhtml";
    /** The webmail: all an additional user's session may open. */
    static final String MAIL = "/my/mail/";
    /** Pages a withdrawn mailbox (download-only until its deletion) does not open: they act on a live mailbox. */
    static final String RENEW = "/my/renew.xhtml";
    static final String DASHBOARD = "/my/index.xhtml";

    @Inject
    HolderFacade facade;

    @Inject
    HolderSession holder;

    @Inject
    MailboxUsersService users;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        int parameters = path.indexOf(';');
        if (parameters >= 0) {
            path = path.substring(0, parameters);
        }
        SignInRedirect.noStore(response);
        boolean open = path.equals(LOGIN) || path.equals(RECOVER)
                || (path.equals(TOTP) && holder.awaitingCode() != null);
        if (!open && !holder.isSignedIn()) {
            if ("GET".equals(request.getMethod()) && path.startsWith("/my/") && path.endsWith(".xhtml")
                    && !path.equals(TOTP)) {
                // a link into the area (the expiry e-mail's quick renewal) opens after the sign-in
                String query = request.getQueryString();
                holder.returnAfterSignIn(path + (query == null ? "" : "?" + query));
            }
            SignInRedirect.toLogin(request, response, LOGIN);
            return;
        }
        Long userId = holder.actingUserId();
        if (userId != null) {
            // checked on every request: a user the holder revoked is signed out at the next one
            if (!users.activeMailbox(userId).map(m -> m.equals(holder.getCurrent())).orElse(false)) {
                jakarta.servlet.http.HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SignInRedirect.toLogin(request, response, LOGIN);
                return;
            }
            if (!open && !path.startsWith(MAIL)) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
                return;
            }
        }
        if ((path.equals(RENEW) || path.startsWith(MAIL)) && facade.downloadOnly(holder.getCurrent())) {
            // withdrawn: the dashboard says what is left (the downloads) and until when
            response.sendRedirect(request.getContextPath() + DASHBOARD);
            return;
        }
        chain.doFilter(request, response);
    }
}
