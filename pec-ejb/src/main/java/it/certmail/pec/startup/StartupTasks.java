package it.certmail.pec.startup;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import it.certmail.pec.access.service.MailAccessEndpoints;
import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.log.infra.LogPartitions;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.transport.service.SmtpEndpoints;
import it.certmail.pec.transport.service.TransportWorkers;

/** What must hold before the first message is handled: schema migrated, keys loaded, our index record current. */
@Singleton
@Startup
@DependsOn({"DatabaseMigration", "ProviderKeys"})
public class StartupTasks {

    private static final Logger LOG = Logger.getLogger(StartupTasks.class.getName());

    /** Log partitions are created this many months ahead at every start (and by the retention job). */
    private static final int LOG_MONTHS_AHEAD = 3;

    @EJB
    ProviderIndexService index;

    @Resource(lookup = "jdbc/pec")
    DataSource dataSource;

    @Inject
    Clock clock;

    /**
     * The casella di servizio (RFC 6109 §2.2.5): receives the presa in carico and rilevazione virus notices of
     * other providers about our transmissions. It has no password anyone knows; admins read it through the API.
     */
    private void ensureServiceMailbox() {
        try {
            if (!mailboxes.isLocalDomain(settings.domain())) {
                mailboxes.createDomain(settings.domain());
            }
            if (mailboxes.findMailbox(settings.serviceAddress()).isEmpty()) {
                byte[] secret = new byte[24];
                new java.security.SecureRandom().nextBytes(secret);
                mailboxes.createMailbox(settings.serviceAddress(), java.util.Base64.getEncoder().encodeToString(secret),
                        settings.providerName(), null, null);
            }
        } catch (MailboxException e) {
            throw new IllegalStateException("cannot create the service mailbox " + settings.serviceAddress(), e);
        }
    }

    @EJB
    MailboxService mailboxes;

    @EJB
    TransportWorkers workers;

    @EJB
    it.certmail.pec.transport.service.WorkQueueService work;

    @EJB
    SmtpEndpoints smtp;

    @EJB
    MailAccessEndpoints access;

    @Inject
    PlatformSettings settings;

    /**
     * Jakarta Mail 2.1 looks its StreamProvider up with a ServiceLoader scan of every jar on each MIME part it
     * reads or writes (a fifth of the transport's CPU when profiled); named by this property it is one class load.
     */
    static final String STREAM_PROVIDER_PROPERTY = "jakarta.mail.util.StreamProvider";
    static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

    private static void pinMailStreamProvider() {
        if (System.getProperty(STREAM_PROVIDER_PROPERTY) != null) {
            return;
        }
        try {
            Class.forName(ANGUS_STREAM_PROVIDER, false, StartupTasks.class.getClassLoader());
            System.setProperty(STREAM_PROVIDER_PROPERTY, ANGUS_STREAM_PROVIDER);
        } catch (ClassNotFoundException e) {
            // another Jakarta Mail implementation: leave its own lookup alone
        }
    }

    @PostConstruct
    void run() {
        pinMailStreamProvider();
        // large messages are spooled to temporary files while a transaction lasts; a killed JVM leaves them behind
        int abandoned = Spool.deleteAbandoned(null, clock.instant().minus(Duration.ofDays(1)));
        if (abandoned > 0) {
            LOG.info("deleted " + abandoned + " temporary message files left by an earlier run");
        }
        index.publishOwnRecord();
        ensureServiceMailbox();
        try {
            new LogPartitions(dataSource).ensureMonths(YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC)),
                    LOG_MONTHS_AHEAD);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the log partitions", e);
        }
        int moved = work.moveRelayWorkToDeliveries();
        if (moved > 0) {
            LOG.info("moved " + moved + " pending relay work items of an earlier release to their delivery rows");
        }
        // last: work and connections are taken only once everything above holds
        workers.start();
        smtp.start();
        access.start();
    }
}
