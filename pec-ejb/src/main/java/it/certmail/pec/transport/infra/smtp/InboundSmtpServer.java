package it.certmail.pec.transport.infra.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

import it.certmail.pec.transport.domain.InboundEnvelope;
import it.certmail.pec.transport.domain.InboundHandler;
import it.certmail.pec.transport.domain.RecipientPolicy;
import it.certmail.pec.transport.domain.SmtpReply;

/**
 * Server SMTP del punto di ricezione (as port 25): accepts from anyone without AUTH, offers STARTTLS without
 * requiring it (RFC 6109 §5.3: other providers use TLS, ordinary Internet mail may come in clear), asks the
 * {@link RecipientPolicy} at each RCPT and hands DATA to the {@link InboundHandler}, whose reply is sent.
 */
public final class InboundSmtpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InboundSmtpServer.class.getName());
    private static final String SOFTWARE = "PEC reception point";

    private final SMTPServer server;

    /**
     * @param settings limits and host name
     * @param port     listening port (0 = any free port)
     * @param tls      server TLS context for STARTTLS; {@code null} = STARTTLS not offered (tests only: PEC
     *                 requires it)
     * @param policy   decides each RCPT TO
     * @param handler  processes the received messages
     * @param threads  thread factory for the connection threads (a ManagedThreadFactory in the container)
     */
    public InboundSmtpServer(SmtpServerSettings settings, int port, SSLContext tls, RecipientPolicy policy,
                             InboundHandler handler, ThreadFactory threads) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(handler, "handler");
        SMTPServer.Builder b = SmtpListeners.builder(settings, port, threads, SOFTWARE)
                .messageHandlerFactory(ctx -> new Reception(ctx, settings.maxMessageSize(), policy, handler));
        if (tls != null) {
            b.enableTLS().startTlsSocketFactory(SmtpListeners.startTls(tls));
        } else {
            LOG.warning("Inbound SMTP without STARTTLS: not acceptable for PEC (RFC 6109 §5.3)");
        }
        this.server = b.build();
    }

    public synchronized void start() {
        server.start();
        LOG.info(() -> "SMTP reception listening on port " + port());
    }

    public synchronized void stop() {
        if (server.isRunning()) {
            server.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The bound port. */
    public int port() {
        return server.getPortAllocated();
    }

    /** One reception transaction. */
    private static final class Reception extends SmtpTransaction {

        private final RecipientPolicy policy;
        private final InboundHandler handler;

        Reception(MessageContext context, int maxMessageSize, RecipientPolicy policy, InboundHandler handler) {
            super(context, maxMessageSize);
            this.policy = policy;
            this.handler = handler;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            SmtpReply verdict;
            try {
                verdict = policy.check(mailFrom, recipient, clientAddress());
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "recipient policy failed for " + recipient, e);
                verdict = SmtpReply.temporary("Cannot check the recipient now, try again later");
            }
            if (verdict == null || !verdict.isPositive()) {
                SmtpReply r = verdict == null ? SmtpReply.mailboxUnavailable("Recipient refused") : verdict;
                throw new RejectException(r.code(), r.text());
            }
            super.recipient(recipient);
        }

        @Override
        public String data(InputStream data) throws RejectException, IOException {
            InboundEnvelope envelope = new InboundEnvelope(mailFrom, recipients, clientAddress(), helo(), tls(),
                    sessionId());
            return handleData(data, in -> handler.receive(envelope, in));
        }
    }
}
