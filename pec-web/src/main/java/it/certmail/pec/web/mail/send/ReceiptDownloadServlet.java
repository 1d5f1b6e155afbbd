package it.certmail.pec.web.mail.send;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import it.certmail.pec.mailbox.service.RawMessage;
import it.certmail.pec.transport.service.SentReceiptsService;
import it.certmail.pec.web.holder.HolderSession;

/**
 * The exact stored bytes of a receipt in the current mailbox's INBOX, as {@code .eml}, so that its signature can be
 * checked anywhere ({@code openssl smime -verify}). Behind the holder's sign-in (/my/*); only receipts of the current
 * mailbox are served, anything else is 404.
 */
@WebServlet("/my/mail/receipt.eml")
public class ReceiptDownloadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    HolderSession holder;

    @Inject
    SentReceiptsService receipts;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long id;
        try {
            id = Long.parseLong(request.getParameter("id"));
        } catch (NumberFormatException | NullPointerException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        String mailbox = holder.getCurrent();
        Optional<RawMessage> raw = mailbox == null ? Optional.empty() : receipts.openReceipt(mailbox, id);
        if (raw.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType("message/rfc822");
        response.setContentLengthLong(raw.get().size());
        response.setHeader("Content-Disposition", "attachment; filename=\"ricevuta-" + id + ".eml\"");
        try (InputStream in = raw.get().content(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
