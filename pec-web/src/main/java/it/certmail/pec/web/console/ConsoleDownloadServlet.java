package it.certmail.pec.web.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import it.certmail.pec.log.domain.CsvWriter;
import it.certmail.pec.log.domain.LogSearch;

/**
 * The console's downloads, behind the same sign-in as its pages ({@link OperatorAccessFilter} covers
 * {@code /console/*}): a receipt's exact stored bytes, a quarantined message, the log search as CSV (streamed page
 * by page), this provider's LDIF record and CA certificate. Every answer is an attachment, never rendered inline.
 */
@WebServlet("/console/download/*")
public class ConsoleDownloadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final List<String> CSV_HEADER = List.of("time", "event", "msgid", "client_msgid", "sender", "recipients",
            "subject", "generated_ids", "sending_provider", "detail");

    @Inject
    ConsoleFacade facade;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String what = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (what) {
            case "/receipt" -> receipt(request, response);
            case "/quarantine" -> quarantined(request, response);
            case "/log.csv" -> csv(request, response);
            case "/provider.ldif" -> text(response, "text/plain", "provider.ldif", facade.ownRecordLdif());
            case "/ca.pem" -> text(response, "application/x-pem-file", "ca.pem", facade.caPem());
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private void receipt(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String msgid = request.getParameter("msgid");
        Long id = number(request.getParameter("id"));
        if (msgid == null || id == null) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        send(response, facade.openReceipt(msgid, id), "receipt-" + id + ".eml");
    }

    private void quarantined(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Long id = number(request.getParameter("id"));
        if (id == null) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        // application/octet-stream, not message/rfc822: the bytes are infected, no viewer should open them
        send(response, facade.openQuarantined(id).map(in -> in), "quarantine-" + id + ".eml.bin",
                "application/octet-stream");
    }

    private static void send(HttpServletResponse response, Optional<InputStream> bytes, String fileName)
            throws IOException {
        send(response, bytes, fileName, "message/rfc822");
    }

    private static void send(HttpServletResponse response, Optional<InputStream> bytes, String fileName,
            String contentType) throws IOException {
        if (bytes.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(contentType);
        attachment(response, fileName);
        try (InputStream in = bytes.get(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    private void csv(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LogSearch search;
        try {
            search = new LogSearch(request.getParameter("msgid"), request.getParameter("clientMsgid"),
                    request.getParameter("sender"), request.getParameter("recipient"), request.getParameter("event"),
                    TraceBean.instant(request.getParameter("from")), TraceBean.instant(request.getParameter("to")),
                    null, null, LogSearch.MAX_LIMIT);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        response.setContentType("text/csv; charset=UTF-8");
        attachment(response, "pec-log.csv");
        Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        CsvWriter csv = new CsvWriter(writer);
        csv.record(CSV_HEADER);
        try {
            facade.exportLog(search, row -> {
                try {
                    csv.record(List.of(row.time().toString(), row.event(), nz(row.msgid()), nz(row.clientMsgid()),
                            nz(row.sender()), nz(row.recipients()), nz(row.subject()), nz(row.generatedIds()),
                            nz(row.sendingProvider()), nz(row.detail())));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IllegalArgumentException e) {
            // an unknown event: nothing but the header was written yet, the answer says why
            csv.record(List.of("error: " + e.getMessage()));
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the browser went away
        }
        writer.flush();
    }

    private static void text(HttpServletResponse response, String contentType, String fileName, String body)
            throws IOException {
        response.setContentType(contentType + "; charset=UTF-8");
        attachment(response, fileName);
        response.getWriter().write(body);
    }

    private static void attachment(HttpServletResponse response, String fileName) {
        response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        response.setHeader("X-Content-Type-Options", "nosniff");
    }

    private static Long number(String s) {
        try {
            return s == null ? null : Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
