package it.certmail.pec.transport.infra.smtp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

import it.certmail.pec.transport.domain.InboundEnvelope;
import it.certmail.pec.transport.domain.InboundHandler;
import it.certmail.pec.transport.domain.RecipientPolicy;
import it.certmail.pec.transport.domain.SmtpReply;

/**
 * Server SMTP del punto di ricezione (as port 25): accepts from anyone without AUTH, offers STARTTLS without
 * requiring it (RFC 6109 §5.3: other providers use TLS, ordinary Internet mail may come in clear), asks the
 * {@link RecipientPolicy} at each RCPT and hands DATA to the {@link InboundHandler}, whose reply is sent.
 * A {@link TransactionDeadline} ends connections that trickle instead of talking (slowloris), checked every second.
 */
public final class InboundSmtpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InboundSmtpServer.class.getName());
    private static final String SOFTWARE = "PEC reception point";

    private final SMTPServer server;
    private final Map<Session, TransactionDeadline.Progress> open = new ConcurrentHashMap<>();
    private final TransactionDeadline deadline;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor sweeper;
    /** Only the sweeper's thread reads and writes it. */
    private boolean stressed;

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
        this(settings, TransactionDeadline.defaults(settings.maxConnections()), port, tls, policy, handler, threads,
                Clock.systemUTC());
    }

    /**
     * @param deadline how long a connection may go without progress (slowloris)
     * @param clock    for the deadlines
     */
    public InboundSmtpServer(SmtpServerSettings settings, TransactionDeadline deadline, int port, SSLContext tls,
                             RecipientPolicy policy, InboundHandler handler, ThreadFactory threads, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(handler, "handler");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sweeper = new ScheduledThreadPoolExecutor(1, threads);
        SessionHandler limits = SessionHandler.limitConcurrentSessionsBySource(settings.maxConnectionsPerSource());
        SMTPServer.Builder b = SmtpListeners.builder(settings, port, threads, SOFTWARE)
                .sessionHandler(tracking(limits))
                .messageHandlerFactory(ctx -> new Reception(ctx, settings.maxMessageSize(), policy, handler,
                        ctx instanceof Session s ? open.get(s) : null, clock));
        if (tls != null) {
            b.enableTLS().startTlsSocketFactory(SmtpListeners.startTls(tls));
        } else {
            LOG.warning("Inbound SMTP without STARTTLS: not acceptable for PEC (RFC 6109 §5.3)");
        }
        this.server = b.build();
    }

    /** {@code inner}'s admission, and each admitted connection's progress, from its start. */
    private SessionHandler tracking(SessionHandler inner) {
        return new SessionHandler() {
            @Override
            public SessionHandler.SessionAcceptance accept(Session session) {
                SessionHandler.SessionAcceptance a = inner.accept(session);
                if (a.accepted()) {
                    open.put(session, new TransactionDeadline.Progress(clock.instant()));
                }
                return a;
            }

            @Override
            public void onSessionEnd(Session session) {
                open.remove(session);
                inner.onSessionEnd(session);
            }
        };
    }

    /** Ends the connections past their deadline. */
    private void sweep() {
        try {
            var now = clock.instant();
            int n = open.size();
            boolean wasStressed = stressed;
            stressed = deadline.stressed(n, wasStressed);
            if (stressed != wasStressed) {
                LOG.warning(() -> "SMTP reception: " + n + " connections open, " + (stressed
                        ? "stalled connections now get " + deadline.stressTimeout().toSeconds() + " s"
                        : "back to normal deadlines"));
            }
            boolean stress = stressed;
            open.forEach((session, progress) -> {
                if (deadline.overdue(progress, now, stress)) {
                    LOG.info(() -> "SMTP reception: " + session.getRemoteAddress() + " made no progress in time ("
                            + n + " connections open), closing");
                    open.remove(session);
                    try {
                        session.sendResponse("421 4.4.2 " + "Timeout exceeded, closing connection");
                    } catch (IOException | RuntimeException gone) {
                        // already closed by the client
                    }
                    session.quit();
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SMTP reception deadline sweep failed", e);
        }
    }

    public synchronized void start() {
        server.start();
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        LOG.info(() -> "SMTP reception listening on port " + port());
    }

    public synchronized void stop() {
        if (server.isRunning()) {
            server.stop();
        }
        sweeper.shutdownNow();
    }

    /** Connections open now. */
    public int openConnections() {
        return open.size();
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
    static final class Reception extends SmtpTransaction {

        private final RecipientPolicy policy;
        private final InboundHandler handler;
        /** {@code null} when the session is not tracked (never in practice) */
        private final TransactionDeadline.Progress progress;
        private final Clock clock;

        Reception(MessageContext context, int maxMessageSize, RecipientPolicy policy, InboundHandler handler,
                  TransactionDeadline.Progress progress, Clock clock) {
            super(context, maxMessageSize);
            this.policy = policy;
            this.handler = handler;
            this.progress = progress;
            this.clock = clock;
            advanced();
        }

        private void advanced() {
            if (progress != null) {
                progress.advanced(clock.instant());
            }
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            advanced();
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
            if (progress == null) {
                return handleData(data, in -> handler.receive(envelope, in));
            }
            progress.dataStarted(clock.instant());
            try {
                return handleData(new Counted(data, progress), in -> handler.receive(envelope, in));
            } finally {
                progress.advanced(clock.instant());
            }
        }
    }

    /** The message's bytes, counted for the minimum data rate; its end stops the client's clock. */
    private static final class Counted extends FilterInputStream {
        private final TransactionDeadline.Progress progress;

        Counted(InputStream in, TransactionDeadline.Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                progress.dataEnded();
            } else {
                progress.received(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n < 0) {
                progress.dataEnded();
            } else {
                progress.received(n);
            }
            return n;
        }
    }
}
