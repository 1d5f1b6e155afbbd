package it.certmail.pec.transport.infra.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;

import it.certmail.pec.transport.domain.SmtpReply;
import it.certmail.pec.transport.domain.SmtpReplyException;

/**
 * One SMTP mail transaction (MAIL, RCPT..., DATA) on either server: collects the envelope and turns the handler's
 * answer into the reply. 250 is sent only when the handler returned a positive reply; its exceptions become 4xx
 * or 5xx, and anything unexpected becomes 451, never 250.
 */
abstract class SmtpTransaction implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(SmtpTransaction.class.getName());
    static final SmtpReply TOO_LARGE = new SmtpReply(552, "5.3.4 Message size exceeds fixed maximum message size");

    /** What the concrete server does with the received data. */
    @FunctionalInterface
    interface DataCall {
        SmtpReply call(InputStream data) throws SmtpReplyException, IOException;
    }

    protected final MessageContext context;
    private final int maxMessageSize;
    protected String mailFrom = "";
    protected final List<String> recipients = new ArrayList<>();

    SmtpTransaction(MessageContext context, int maxMessageSize) {
        this.context = context;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public void from(String from) throws RejectException {
        this.mailFrom = from == null ? "" : from;
    }

    @Override
    public void recipient(String recipient) throws RejectException {
        recipients.add(recipient);
    }

    @Override
    public void done() {
        // nothing held between calls: the data stream belongs to the session
    }

    InetAddress clientAddress() {
        return ((InetSocketAddress) context.getRemoteAddress()).getAddress();
    }

    String helo() {
        return context.getHelo().orElse("");
    }

    String sessionId() {
        try {
            return context.getSessionId();
        } catch (UnsupportedOperationException e) {
            return "";
        }
    }

    boolean tls() {
        return context instanceof Session s && s.isTLSStarted();
    }

    /** Runs {@code call} on the data and returns the 250 text, or throws the refusal. */
    String handleData(InputStream raw, DataCall call) throws RejectException, IOException {
        SmtpDataInput in = new SmtpDataInput(raw, maxMessageSize);
        SmtpReply reply;
        try {
            reply = call.call(in);
            if (reply == null) {
                reply = SmtpReply.temporary("No answer from the handler");
            }
        } catch (SmtpReplyException e) {
            reply = e.reply();
        } catch (IOException e) {
            if (in.sourceFailed() && !in.exceeded()) {
                throw e; // the client connection is gone: no reply can be sent
            }
            if (!in.exceeded()) {
                LOG.log(Level.WARNING, "SMTP session " + sessionId() + ": handler I/O error", e);
            }
            reply = SmtpReply.temporary("Local I/O error, try again later");
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "SMTP session " + sessionId() + ": handler failed", e);
            reply = SmtpReply.temporary("Local error, try again later");
        }
        if (in.exceeded()) {
            reply = TOO_LARGE;
        }
        // the refusal is sent after the whole DATA, else the rest would be read as commands
        if (!drain(raw, maxMessageSize)) {
            throw new DropConnectionException(TOO_LARGE.code(), TOO_LARGE.text() + ", closing connection");
        }
        if (reply.isPositive()) {
            return reply.text();
        }
        // SubEthaSMTP resets the transaction only after a 250; after DATA it is over either way (RFC 5321 §4.1.1.4)
        if (context instanceof Session s) {
            s.resetMailTransaction();
        }
        throw new RejectException(reply.code(), reply.text());
    }

    /** Reads {@code in} to its end; false if more than {@code limit} bytes were still coming. */
    private static boolean drain(InputStream in, long limit) throws IOException {
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (total > limit) {
                return false;
            }
        }
        return true;
    }
}
