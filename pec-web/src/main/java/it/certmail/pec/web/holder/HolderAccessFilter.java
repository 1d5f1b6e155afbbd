package it.certmail.pec.web.holder;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Form sign-in for {@code /my/}: every page of the holder's area (and its form posts) needs a session signed in
 * with a mailbox's web password, except the sign-in and the password-recovery pages. Which mailbox a page may
 * show is the session's business ({@link HolderSession#owns}), checked again by each page.
 */
public class HolderAccessFilter extends HttpFilter {

    static final String LOGIN = "/my/login.xhtml";
    static final String RECOVER = "/my/recover.xhtml";

    @Inject
    HolderSession holder;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        int parameters = path.indexOf(';');
        if (parameters >= 0) {
            path = path.substring(0, parameters);
        }
        // the holder's pages show one-time passwords and account data: never kept by the browser or a proxy
        response.setHeader("Cache-Control", "no-store");
        boolean open = path.equals(LOGIN) || path.equals(RECOVER);
        if (!open && !holder.isSignedIn()) {
            if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
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
