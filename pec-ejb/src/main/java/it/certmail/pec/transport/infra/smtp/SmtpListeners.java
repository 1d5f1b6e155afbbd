package it.certmail.pec.transport.infra.smtp;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.subethamail.smtp.server.SSLSocketCreator;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.SessionHandler;

/** Shared construction of SubEthaSMTP listeners with this platform's limits. */
final class SmtpListeners {

    /** SubEthaSMTP admits this many sessions beyond maxConnections to answer them with 421. */
    private static final int GRACE_SESSIONS = 10;

    private SmtpListeners() {
    }

    /**
     * A builder with the limits of {@code settings}. The pool is our own, built from {@code threads}: SubEthaSMTP
     * shuts its executor down on stop, which a container's managed executor forbids (stack.md §5).
     */
    static SMTPServer.Builder builder(SmtpServerSettings settings, int port, ThreadFactory threads,
                                      String softwareName) {
        int poolSize = settings.maxConnections() + GRACE_SESSIONS;
        // sessions are bounded by SubEthaSMTP's permits, so the queue never grows past a few entries
        ThreadPoolExecutor pool = new ThreadPoolExecutor(poolSize, poolSize, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
        return SMTPServer.port(port)
                .hostName(settings.hostName())
                .bindAddress(Optional.ofNullable(settings.bindAddress()))
                .softwareName(softwareName)
                .executorService((ExecutorService) pool)
                .maxConnections(settings.maxConnections())
                .sessionHandler(SessionHandler.limitConcurrentSessionsBySource(settings.maxConnectionsPerSource()))
                .connectionTimeoutMs((int) settings.connectionTimeout().toMillis())
                .maxMessageSize(settings.maxMessageSize())
                .maxRecipients(settings.maxRecipients())
                // byte-exact delivery to the handler: the transport service writes its own trace headers
                .insertReceivedHeaders(false);
    }

    /** STARTTLS with the JDK's default protocols and suites (SubEthaSMTP's own factory enables all supported). */
    static SSLSocketCreator startTls(SSLContext context) {
        return socket -> {
            InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            SSLSocket s = (SSLSocket) context.getSocketFactory()
                    .createSocket(socket, remote.getHostString(), socket.getPort(), true);
            s.setUseClientMode(false);
            return s;
        };
    }
}
