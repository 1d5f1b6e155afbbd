package it.certmail.pec.web.console;

import java.io.IOException;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import it.certmail.pec.operator.model.OperatorRole;
import it.certmail.pec.operator.service.OperatorAccounts;
import it.certmail.pec.web.shared.SignInRedirect;

/**
 * Form sign-in and roles for {@code /console/}: the server refuses every console page (and its form posts) to a
 * session that has not passed both the password and the TOTP code, and answers 403 to a session whose role may not
 * read the page's area ({@link ConsolePages}); the pages' own beans never decide that. Changes are checked once more
 * in {@link ConsoleFacade}, per action. The role is read again on every request, so disabling an operator or
 * changing their role takes effect on their open session. Chosen over Jakarta Security's form mechanism because
 * sign-in has two steps (password, then code or enrolment) and a throttle.
 */
public class OperatorAccessFilter extends HttpFilter {

    static final String LOGIN = "/console/login.xhtml";
    static final String TOTP = "/console/totp.xhtml";

    @Inject
    OperatorSession operator;

    @Inject
    OperatorAccounts accounts;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        SignInRedirect.noStore(response);
        boolean allowed = switch (path) {
            case LOGIN -> true;
            case TOTP -> operator.isPasswordAccepted();
            default -> operator.isSignedIn();
        };
        if (allowed && !path.equals(LOGIN) && !path.startsWith("/console/jakarta.faces.resource/")) {
            Optional<OperatorRole> role = accounts.activeRole(operator.getUser());
            if (role.isEmpty()) {
                // disabled or removed since the sign-in: the session ends here
                request.getSession().invalidate();
                allowed = false;
            } else {
                operator.role(role.get());
                if (!path.equals(TOTP) && !role.get().mayRead(ConsolePages.areaOf(path))) {
                    response.sendError(HttpServletResponse.SC_FORBIDDEN);
                    return;
                }
            }
        }
        if (!allowed) {
            SignInRedirect.toLogin(request, response, LOGIN);
            return;
        }
        chain.doFilter(request, response);
    }
}
