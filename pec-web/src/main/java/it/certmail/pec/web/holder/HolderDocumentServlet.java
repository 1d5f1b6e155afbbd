package it.certmail.pec.web.holder;

import java.io.IOException;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import it.certmail.pec.documents.service.DocumentFile;
import it.certmail.pec.mailbox.domain.MailboxException;

/**
 * The holder's documents as downloads, behind the holder's sign-in ({@link HolderAccessFilter} covers {@code /my/*}):
 * {@code invoice?number=}, {@code contract}, {@code extract?id=}, {@code extract-signature?id=} and
 * {@code mailbox.zip} (every message as {@code .eml}, streamed), always of the
 * mailbox the session has open. Another mailbox's invoice or extract is not found (404), whatever the id. Invoice
 * and contract come in the language the link carries ({@code lang=it|en}, the page's).
 */
@WebServlet("/my/documents/*")
public class HolderDocumentServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    HolderFacade facade;

    @Inject
    HolderSession holder;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String address = holder.getCurrent();
        if (address == null) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        String what = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (what.equals("/mailbox.zip")) {
            mailboxZip(address, response);
            return;
        }
        Optional<DocumentFile> file;
        try {
            file = switch (what) {
                case "/invoice" -> facade.invoicePdf(address, request.getParameter("number"), language(request));
                case "/contract" -> Optional.of(facade.contract(address, language(request)));
                case "/extract", "/extract-signature" -> id(request.getParameter("id"))
                        .flatMap(id -> facade.extract(address, id, what.equals("/extract-signature")));
                default -> Optional.empty();
            };
        } catch (MailboxException e) {
            file = Optional.empty();
        }
        if (file.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        DocumentFile f = file.get();
        response.setContentType(f.contentType());
        response.setContentLength(f.bytes().length);
        response.setHeader("Content-Disposition", "attachment; filename=\"" + f.fileName() + "\"");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getOutputStream().write(f.bytes());
    }

    /** The whole mailbox, streamed as it is zipped (no length known in advance). */
    private void mailboxZip(String address, HttpServletResponse response) throws IOException {
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"casella-"
                + address.replaceAll("[^A-Za-z0-9@._-]", "_") + ".zip\"");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try {
            facade.exportMailbox(address, response.getOutputStream());
        } catch (MailboxException e) {
            if (!response.isCommitted()) {
                response.reset();
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        }
    }

    /** The page's language, which its links carry as {@code lang}; else the browser's. */
    private static String language(HttpServletRequest request) {
        String lang = request.getParameter("lang");
        return lang != null ? lang : request.getLocale().getLanguage();
    }

    private static Optional<Long> id(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Long.valueOf(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
