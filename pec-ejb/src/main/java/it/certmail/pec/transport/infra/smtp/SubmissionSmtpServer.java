package it.certmail.pec.transport.infra.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;

import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.LoginAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.auth.MultipleAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.PlainAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.UsernamePasswordValidator;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;
import org.subethamail.smtp.server.SessionHandler.SessionAcceptance;

import it.certmail.pec.transport.domain.SmtpAuthenticator;
import it.certmail.pec.transport.domain.SubmissionEnvelope;
import it.certmail.pec.transport.domain.SubmissionHandler;

/**
 * Server SMTP del punto di accesso: authenticated submission over TLS only (RFC 6109 §5.2-5.3). Two listeners:
 * implicit TLS (as port 465) and STARTTLS required (as 587). AUTH PLAIN and LOGIN are mandatory and never offered
 * before TLS; failed logins are slowed per source address and logged, and from the third consecutive failure of
 * an address each failure also closes its connection. Messages go to the
 * {@link SubmissionHandler}; 250 is sent only after it returned a positive reply.
 */
public final class SubmissionSmtpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SubmissionSmtpServer.class.getName());
    private static final String SOFTWARE = "PEC access point";
    /** Failures older than this are forgotten. */
    static final Duration FORGET_FAILURES_AFTER = Duration.ofMinutes(15);
    /** Consecutive failures from one address after which each failed AUTH also ends its connection. */
    static final int CLOSE_AFTER_FAILURES = 3;

    private final SMTPServer implicitTls;
    private final SMTPServer startTls;
    private final LoginThrottle throttle;
    /** Ends the connections that have not authenticated in time. */
    private final ScheduledThreadPoolExecutor timer;

    /**
     * @param settings        limits and host name
     * @param implicitTlsPort port of the implicit-TLS listener (0 = any free port, negative = no listener)
     * @param startTlsPort    port of the STARTTLS listener (0 = any free port, negative = no listener)
     * @param tls             server TLS context, e.g. {@code TlsContexts.server(credentials)}
     * @param authenticator   checks client credentials
     * @param handler         takes the submitted messages
     * @param threads         thread factory for the connection threads (a ManagedThreadFactory in the container)
     * @param clock           for the login throttle's memory
     */
    public SubmissionSmtpServer(SmtpServerSettings settings, int implicitTlsPort, int startTlsPort, SSLContext tls,
                                SmtpAuthenticator authenticator, SubmissionHandler handler, ThreadFactory threads,
                                Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(threads, "threads");
        if (implicitTlsPort < 0 && startTlsPort < 0) {
            throw new IllegalArgumentException("at least one listener is needed");
        }
        this.throttle = new LoginThrottle(settings.authFailureDelay(), settings.authFailureMaxDelay(),
                FORGET_FAILURES_AFTER, clock);
        AuthenticationHandlerFactory auth = authFactory(authenticator, throttle);
        this.timer = new ScheduledThreadPoolExecutor(1, threads);
        this.timer.setRemoveOnCancelPolicy(true);
        SessionHandler deadline = preAuthDeadline(
                SessionHandler.limitConcurrentSessionsBySource(settings.maxConnectionsPerSource()),
                settings.preAuthDeadline(), timer);
        this.implicitTls = implicitTlsPort < 0 ? null
                : SmtpListeners.builder(settings, implicitTlsPort, threads, SOFTWARE)
                        .sessionHandler(deadline)
                        .serverSocketFactory(tls)
                        .authenticationHandlerFactory(auth)
                        .requireAuth()
                        .messageHandlerFactory(ctx -> new Submission(ctx, settings.maxMessageSize(), handler))
                        .build();
        this.startTls = startTlsPort < 0 ? null
                : SmtpListeners.builder(settings, startTlsPort, threads, SOFTWARE)
                        .sessionHandler(deadline)
                        .enableTLS()
                        .requireTLS()
                        .startTlsSocketFactory(SmtpListeners.startTls(tls))
                        .authenticationHandlerFactory(auth)
                        .requireAuth()
                        .messageHandlerFactory(ctx -> new Submission(ctx, settings.maxMessageSize(), handler))
                        .build();
    }

    /** Opens the listeners; the bound ports are then available. */
    public synchronized void start() {
        if (implicitTls != null) {
            implicitTls.start();
        }
        if (startTls != null) {
            startTls.start();
        }
        LOG.info(() -> "SMTP submission listening: implicit TLS port " + implicitTlsPort()
                + ", STARTTLS port " + startTlsPort());
    }

    /** Closes the listeners and the open sessions, and waits for the connection threads to end. */
    public synchronized void stop() {
        if (implicitTls != null && implicitTls.isRunning()) {
            implicitTls.stop();
        }
        if (startTls != null && startTls.isRunning()) {
            startTls.stop();
        }
        timer.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    /** The bound implicit-TLS port, or -1 without that listener. */
    public int implicitTlsPort() {
        return implicitTls == null ? -1 : implicitTls.getPortAllocated();
    }

    /** The bound STARTTLS port, or -1 without that listener. */
    public int startTlsPort() {
        return startTls == null ? -1 : startTls.getPortAllocated();
    }

    /** Failed SMTP AUTH attempts since this server started. */
    public long failedLoginsTotal() {
        return throttle.totalFailures();
    }

    /** Consecutive failed logins currently counted for {@code source}. */
    public int failedLogins(InetAddress source) {
        return throttle.failures(source);
    }

    /**
     * {@code inner}'s admission, and a deadline for AUTH: the connection timeout is a read timeout, reset by every
     * byte, so a client trickling a byte every few seconds (slowloris) would otherwise hold a thread for ever.
     */
    static SessionHandler preAuthDeadline(SessionHandler inner, Duration deadline, ScheduledExecutorService timer) {
        Map<Session, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
        return new SessionHandler() {
            @Override
            public SessionAcceptance accept(Session session) {
                SessionAcceptance a = inner.accept(session);
                if (a.accepted()) {
                    pending.put(session, timer.schedule(() -> {
                        if (!session.isAuthenticated()) {
                            LOG.info(() -> "SMTP submission: no AUTH within " + deadline.toSeconds() + " s from "
                                    + session.getRemoteAddress() + ", closing");
                            session.quit();
                        }
                    }, deadline.toMillis(), TimeUnit.MILLISECONDS));
                }
                return a;
            }

            @Override
            public void onSessionEnd(Session session) {
                ScheduledFuture<?> f = pending.remove(session);
                if (f != null) {
                    f.cancel(false);
                }
                inner.onSessionEnd(session);
            }
        };
    }

    private static AuthenticationHandlerFactory authFactory(SmtpAuthenticator authenticator, LoginThrottle throttle) {
        UsernamePasswordValidator validator = (user, password, ctx) -> {
            InetAddress from = ((InetSocketAddress) ctx.getRemoteAddress()).getAddress();
            if (authenticator.authenticate(user, password, from)) {
                throttle.recordSuccess(from);
                return;
            }
            Duration delay = throttle.recordFailure(from);
            LOG.warning(() -> "SMTP AUTH failed for '" + user + "' from " + from.getHostAddress() + " ("
                    + throttle.failures(from) + " consecutive failures); answering in " + delay.toMillis() + " ms");
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (throttle.failures(from) >= CLOSE_AFTER_FAILURES && ctx instanceof Session session) {
                // a guesser gets its answer and then the connection ends: each further guess costs a new TLS
                // handshake (quit() closes at once, so the reply is sent here)
                try {
                    session.sendResponse("421 4.7.0 Too many failed logins from your address, closing connection");
                } catch (IOException gone) {
                    // the client left first
                }
                session.quit();
            }
            throw new LoginFailedException();
        };
        return new MultipleAuthenticationHandlerFactory(List.of(
                new PlainAuthenticationHandlerFactory(validator),
                new LoginAuthenticationHandlerFactory(validator)));
    }

    /** One submission transaction. */
    static final class Submission extends SmtpTransaction {

        private final SubmissionHandler handler;

        Submission(MessageContext context, int maxMessageSize, SubmissionHandler handler) {
            super(context, maxMessageSize);
            this.handler = handler;
        }

        @Override
        public String data(InputStream data) throws RejectException, IOException {
            String user = context.getAuthenticationHandler()
                    .map(AuthenticationHandler::getIdentity)
                    .map(String::valueOf)
                    .orElse(null);
            if (user == null) {
                // requireAuth already answers 530 before MAIL; this guards a misconfiguration
                LOG.log(Level.SEVERE, "DATA without authentication in session " + sessionId());
                throw new RejectException(530, "5.7.0 Authentication required");
            }
            SubmissionEnvelope envelope = new SubmissionEnvelope(user, mailFrom, recipients, clientAddress(), helo(),
                    sessionId());
            return handleData(data, in -> handler.submit(envelope, in));
        }
    }
}
