package it.certmail.pec.web.shared;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Pages travel only over HTTPS; every answer carries the security headers. Plain HTTP stays for machines (health,
 * metrics, OpenAPI and the REST API, on loopback by default: {@code pec.http.bind}); a page asked for over plain
 * HTTP is redirected to the same path on {@code pec.https.port}, before any session or form exists.
 */
public class WebSecurityFilter extends HttpFilter {

    /**
     * Scripts: 'self' here, and PrimeFaces adds its own policy with a per-response nonce (primefaces.CSP), so only
     * its nonce-marked inline scripts run: both policies must allow a script. No framing by anyone.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Inject
    WebSettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean forMachines = isForMachines(path);
        if (!request.isSecure() && !forMachines) {
            response.sendRedirect(httpsUrl(request));
            return;
        }
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if (!forMachines) {
            response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.setHeader("X-Frame-Options", "DENY");
        }
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
        chain.doFilter(request, response);
    }

    /** Paths that scripts and probes use; everything else is a page for people. */
    static boolean isForMachines(String path) {
        return path.startsWith("/api/") || path.equals("/health") || path.startsWith("/health/")
                || path.equals("/metrics") || path.startsWith("/metrics/") || path.equals("/openapi")
                || path.startsWith("/openapi/");
    }

    private String httpsUrl(HttpServletRequest request) {
        String query = request.getQueryString();
        String host = request.getServerName();
        if (host.contains(":")) {
            host = "[" + host + "]"; // an IPv6 literal
        }
        int port = settings.httpsPort();
        return "https://" + host + (port == 443 ? "" : ":" + port) + request.getRequestURI()
                + (query == null ? "" : "?" + query);
    }
}
