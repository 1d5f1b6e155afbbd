package it.certmail.pec.access.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;

import it.certmail.pec.access.domain.FailedLogins;
import it.certmail.pec.access.imap.domain.ImapSession;
import it.certmail.pec.access.imap.domain.ImapSettings;
import it.certmail.pec.access.imap.domain.MimeCache;
import it.certmail.pec.access.infra.ProtocolServer;
import it.certmail.pec.access.pop3.domain.Pop3Session;
import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.platform.service.ProviderKeys;

/**
 * Starts the IMAP ({@code pec.imap.port}) and POP3 ({@code pec.pop3.port}) listeners with implicit TLS. They are
 * adapters (not EJBs: the EJB restrictions forbid accepting connections); every store access goes through
 * {@link MailAccessService}, one transaction per call.
 */
@Singleton
public class MailAccessEndpoints {

    private static final Logger LOG = Logger.getLogger(MailAccessEndpoints.class.getName());
    private static final int MAX_LINE_BYTES = 64 * 1024;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    AccessSettings access;

    @Inject
    PlatformSettings platform;

    @Inject
    ProviderKeys keys;

    @EJB
    MailAccessService store;

    @Inject
    MailboxChangeNotifier notifier;

    @Inject
    Clock clock;

    private final FailedLogins failedLogins = new FailedLogins();
    private ExecutorService workers;
    private ProtocolServer imap;
    private ProtocolServer pop3;

    /** Called once by {@code StartupTasks}, after the SMTP listeners. */
    public void start() {
        try {
            SSLContext tls = TlsContexts.server(keys.material().tls());
            InetAddress bind = InetAddress.getByName(access.bindAddress());
            ImapSettings settings = access.sessions(platform.providerName());
            MimeCache cache = new MimeCache(access.structureCacheEntries(), access.headerCacheBytes());
            workers = Executors.newFixedThreadPool(access.workers(), threads);
            ProtocolServer.Limits imapLimits = new ProtocolServer.Limits(MAX_LINE_BYTES,
                    settings.maxAppendBytes() + MAX_LINE_BYTES, access.maxConnectionsPerHost(), true,
                    access.idlePoll());
            ProtocolServer.Limits popLimits = new ProtocolServer.Limits(MAX_LINE_BYTES, MAX_LINE_BYTES,
                    access.maxConnectionsPerHost(), false, access.idlePoll());
            imap = new ProtocolServer("IMAP", bind, access.imapPort(), tls, imapLimits,
                    out -> new ImapSession(store, out, settings, cache, notifier.hub(), clock::instant, failedLogins), threads,
                    workers);
            pop3 = new ProtocolServer("POP3", bind, access.pop3Port(), tls, popLimits,
                    out -> new Pop3Session(store, out, settings, notifier.hub(), failedLogins), threads, workers);
            imap.start();
            pop3.start();
            LOG.info(() -> "IMAP on " + imap.port() + " (TLS), POP3 on " + pop3.port() + " (TLS)");
        } catch (GeneralSecurityException | UnknownHostException e) {
            throw new IllegalStateException("cannot start the IMAP/POP3 listeners", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the IMAP/POP3 listeners", e);
        }
    }

    /** Failed IMAP and POP3 logins on this node since the listeners started. */
    public FailedLogins failedLogins() {
        return failedLogins;
    }

    @PreDestroy
    void stop() {
        if (imap != null) {
            imap.stop();
        }
        if (pop3 != null) {
            pop3.stop();
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
