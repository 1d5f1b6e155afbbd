package it.certmail.pec.access.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import jakarta.persistence.EntityManager;

import it.certmail.pec.access.domain.FailedLogins;
import it.certmail.pec.access.domain.MailAccess;
import it.certmail.pec.access.domain.MailboxChangeHub;
import it.certmail.pec.access.imap.domain.ImapSession;
import it.certmail.pec.access.imap.domain.ImapSettings;
import it.certmail.pec.access.imap.domain.MimeCache;
import it.certmail.pec.access.pop3.domain.Pop3Session;
import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.mailbox.domain.DeliveredMessage;
import it.certmail.pec.mailbox.infra.ClientPasswords;
import it.certmail.pec.mailbox.infra.JpaMailboxDirectory;
import it.certmail.pec.mailbox.infra.NewMailbox;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.receipts.infra.PecTestProvider;

/**
 * The IMAP and POP3 servers in-process over TLS (the test provider's TLS certificate), on the JPA store on a
 * private in-memory H2; each {@link MailAccess} call runs in its own resource-local transaction, as the EJB
 * facade does in the container.
 */
final class AccessTestServer implements AutoCloseable {

    static final String BOB = "bob@b.test";
    static final String ANN = "ann@b.test";
    static final String OFF = "off@b.test";
    static final String PASSWORD = "Secret-pass-1";

    final Clock clock = Clock.systemUTC();
    final JpaAccessStore store = JpaAccessStore.h2(clock);
    final ClientPasswords passwords = store.passwords;
    final MailboxChangeHub hub = new MailboxChangeHub();
    final FailedLogins failedLogins = new FailedLogins();
    final MimeCache cache = new MimeCache(1000);
    final MailAccess access;
    final java.util.concurrent.ThreadPoolExecutor workers =
            (java.util.concurrent.ThreadPoolExecutor) Executors.newFixedThreadPool(8);
    final ProtocolServer imap;
    final ProtocolServer pop3;

    AccessTestServer() throws Exception {
        this(ImapSettings.defaults().withLoginFailureDelay(Duration.ofMillis(50)));
    }

    AccessTestServer(ImapSettings settings) throws Exception {
        String hash = passwords.hash(PASSWORD);
        tx(em -> {
            JpaMailboxDirectory d = new JpaMailboxDirectory(em);
            try {
                d.createDomain("b.test", clock.instant());
                for (String a : List.of(BOB, ANN, OFF)) {
                    d.createMailbox(new NewMailbox(a, "web-password-1", a, null, null), p -> "$h", clock.instant());
                    d.setClientPasswordHash(a, hash, clock.instant());
                }
                d.patch(OFF, null, null, MailboxStatus.DISABLED);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        access = store.access(hub::publish);
        SSLContext tls = TlsContexts.server(PecTestProvider.material().tls());
        ProtocolServer.Limits imapLimits = new ProtocolServer.Limits(8192, settings.maxAppendBytes() + 8192, 20,
                true, Duration.ofMillis(500));
        ProtocolServer.Limits popLimits = new ProtocolServer.Limits(8192, 8192, 20, false, Duration.ofSeconds(5));
        Function<it.certmail.pec.access.domain.SessionOutput, it.certmail.pec.access.domain.ProtocolSession> imapSessions =
                out -> new ImapSession(access, out, settings, cache, hub, clock::instant, failedLogins);
        imap = new ProtocolServer("IMAP", InetAddress.getLoopbackAddress(), 0, tls, imapLimits, imapSessions,
                AccessTestServer::daemon, workers);
        pop3 = new ProtocolServer("POP3", InetAddress.getLoopbackAddress(), 0, tls, popLimits,
                out -> new Pop3Session(access, out, settings, hub, failedLogins), AccessTestServer::daemon, workers);
        imap.start();
        pop3.start();
    }

    /** The client trust: the test provider's CA. */
    static SSLContext clientTls() throws Exception {
        return TlsContexts.client(List.of(PecTestProvider.material().caCertificate()));
    }

    <T> T tx(Function<EntityManager, T> work) {
        return store.tx(work);
    }

    /** Delivers {@code raw} into a folder as the delivery point does, then nudges the sessions. */
    DeliveredMessage deliver(String address, String folder, byte[] raw) throws IOException {
        DeliveredMessage d = store.deliver(address, folder, raw, Set.of(), clock.instant());
        hub.publish(address);
        return d;
    }

    long count(String sql) {
        return store.count(sql);
    }

    @Override
    public void close() {
        imap.stop();
        pop3.stop();
        workers.shutdownNow();
        store.close();
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "access-test");
        t.setDaemon(true);
        return t;
    }

    static Instant now() {
        return Instant.now();
    }
}
