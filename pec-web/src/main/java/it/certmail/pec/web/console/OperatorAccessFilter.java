package it.certmail.pec.web.console;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import it.certmail.pec.web.shared.SignInRedirect;

/**
 * Form sign-in for {@code /console/}: the server refuses every console page (and its form posts) to a session that
 * has not passed both the password and the TOTP code; the pages' own beans never decide that. Chosen over Jakarta
 * Security's form mechanism because sign-in has two steps (password, then code or enrolment) and a throttle.
 */
public class OperatorAccessFilter extends HttpFilter {

    static final String LOGIN = "/console/login.xhtml";
    static final String TOTP = "/console/totp.xhtml";

    @Inject
    OperatorSession operator;

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
        if (!allowed) {
            SignInRedirect.toLogin(request, response, LOGIN);
            return;
        }
        chain.doFilter(request, response);
    }
}
