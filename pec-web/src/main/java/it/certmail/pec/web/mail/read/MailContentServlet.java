package it.certmail.pec.web.mail.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import it.certmail.pec.web.holder.HolderSession;
import it.certmail.pec.webmail.domain.HtmlSanitizer;

/**
 * The webmail's bytes, behind the holder's sign-in ({@code /my/*}) and for the session's current mailbox only:
 * {@code /my/mail/content/eml} the exact stored message, {@code /part} an attachment (decoded, streamed, always a
 * download), {@code /body} the cleaned HTML body for the sandboxed frame of the message page. The body answer
 * carries its own Content-Security-Policy (no scripts, no forms, images only when the holder asked for remote
 * content, a sandbox): the second wall behind the cleaner.
 */
@WebServlet("/my/mail/content/*")
public class MailContentServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String BODY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src %s; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; "
            + "sandbox allow-popups allow-popups-to-escape-sandbox";

    @Inject
    MailReading reading;

    @Inject
    HolderSession holder;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String folder = request.getParameter("folder");
        long uid = number(request.getParameter("uid"));
        String address = holder.getCurrent();
        if (folder == null || uid <= 0 || address == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String what = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            switch (what) {
                case "/eml" -> eml(response, address, folder, uid);
                case "/part" -> part(response, address, folder, uid, request.getParameter("path"));
                case "/body" -> body(response, address, folder, uid, "1".equals(request.getParameter("remote")));
                default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        } catch (MailReading.NotFound e) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private void eml(HttpServletResponse response, String address, String folder, long uid)
            throws IOException, MailReading.NotFound {
        MailReading.Raw raw = reading.raw(address, folder, uid);
        response.setContentType("message/rfc822");
        response.setContentLengthLong(raw.size());
        attachment(response, "message-" + uid + ".eml");
        try (InputStream in = raw.bytes(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    private void part(HttpServletResponse response, String address, String folder, long uid, String path)
            throws IOException, MailReading.NotFound {
        boolean found = reading.part(address, folder, uid, path, (name, type, in) -> {
            // served as a download whatever its type: an attached HTML or SVG never runs in our origin
            response.setContentType(type.startsWith("text/") ? type + "; charset=UTF-8" : type);
            attachment(response, name == null ? "attachment-" + path : name);
            response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
            try (OutputStream out = response.getOutputStream()) {
                in.transferTo(out);
            }
        });
        if (!found) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private void body(HttpServletResponse response, String address, String folder, long uid, boolean remote)
            throws IOException, MailReading.NotFound {
        Optional<HtmlSanitizer.Sanitized> body = reading.htmlBody(address, folder, uid, remote);
        if (body.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setHeader("Content-Security-Policy", String.format(BODY_POLICY, remote ? "http: https:" : "'none'"));
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setContentType("text/html; charset=UTF-8");
        response.getWriter().write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>message</title>"
                + "<style>body{font-family:system-ui,sans-serif;margin:0.5rem;overflow-wrap:anywhere}"
                + "img{max-width:100%}img[data-remote-blocked]{display:inline-block;min-width:1.5rem;"
                + "min-height:1rem;outline:1px dashed #999}</style></head><body>" + body.get().html()
                + "</body></html>");
    }

    private static void attachment(HttpServletResponse response, String fileName) {
        String ascii = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"));
        response.setHeader("X-Content-Type-Options", "nosniff");
    }

    private static long number(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
