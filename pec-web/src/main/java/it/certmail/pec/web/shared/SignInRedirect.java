package it.certmail.pec.web.shared;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** How a sign-in filter turns away a request without a signed-in session: to its sign-in page. */
public final class SignInRedirect {

    private SignInRedirect() {
    }

    /** Pages behind a sign-in show personal data and one-time passwords: never kept by the browser or a proxy. */
    public static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }

    /** @param loginPath the sign-in page, from the context root */
    public static void toLogin(HttpServletRequest request, HttpServletResponse response, String loginPath)
            throws IOException {
        if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
            // an Ajax call of an expired session: Faces' own redirect answer
            response.setContentType("text/xml");
            response.getWriter().write("<?xml version='1.0' encoding='UTF-8'?><partial-response><redirect url=\""
                    + request.getContextPath() + loginPath + "\"/></partial-response>");
            return;
        }
        response.sendRedirect(request.getContextPath() + loginPath);
    }
}
