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
 * metrics, OpenAPI, the REST API and anything else that is not a page, on loopback by default:
 * {@code pec.http.bind}); a page asked for over plain HTTP is redirected to the same path on {@code pec.https.port},
 * before any session or form exists.
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
        // "/index.xhtml;x=1" is the page /index.xhtml: path parameters cut, and the servlet's own path asked too
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        int parameters = raw.indexOf(';');
        String mapped = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        boolean page = isPage(parameters < 0 ? raw : raw.substring(0, parameters)) || isPage(mapped);
        if (!request.isSecure() && page) {
            response.sendRedirect(httpsUrl(request));
            return;
        }
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if (page) {
            response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.setHeader("X-Frame-Options", "DENY");
        }
        if (request.isSecure() && !isLocalName(request.getServerName())) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
        chain.doFilter(request, response);
    }

    /**
     * Paths of pages for people (Faces views, the console, holder and webmail areas and their resources); what
     * scripts and probes use ({@code /api/}, {@code /health}, {@code /metrics}, {@code /openapi}) is not.
     */
    static boolean isPage(String path) {
        return path.equals("/") || path.endsWith(".xhtml") || path.equals("/console") || path.startsWith("/console/")
                || path.equals("/my") || path.startsWith("/my/") || path.startsWith("/jakarta.faces.resource/");
    }

    /**
     * HSTS binds a host name on every port: sent for {@code localhost} it would turn a developer's plain-HTTP
     * probes ({@code http://localhost:8080/health} in the browser) into failing HTTPS requests. IP literals get none
     * either (browsers ignore it for them).
     */
    static boolean isLocalName(String host) {
        return host.equals("localhost") || host.endsWith(".localhost") || host.indexOf(':') >= 0
                || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
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
