package it.certmail.pec.web.console;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
        // console pages show mailbox data and one-time passwords: never kept by the browser or a proxy
        response.setHeader("Cache-Control", "no-store");
        boolean allowed = switch (path) {
            case LOGIN -> true;
            case TOTP -> operator.isPasswordAccepted();
            default -> operator.isSignedIn();
        };
        if (!allowed) {
            if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
                // an Ajax call of an expired session: Faces' own redirect answer
                response.setContentType("text/xml");
                response.getWriter().write("<?xml version='1.0' encoding='UTF-8'?><partial-response><redirect url=\""
                        + request.getContextPath() + LOGIN + "\"/></partial-response>");
                return;
            }
            response.sendRedirect(request.getContextPath() + LOGIN);
            return;
        }
        chain.doFilter(request, response);
    }
}
