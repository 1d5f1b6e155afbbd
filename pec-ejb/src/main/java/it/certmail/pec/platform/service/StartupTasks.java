package it.certmail.pec.platform.service;

import java.sql.SQLException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.log.infra.LogPartitions;

/** What must hold before the first message is handled: schema migrated, keys loaded, our index record current. */
@Singleton
@Startup
@DependsOn({"DatabaseMigration", "ProviderKeys"})
public class StartupTasks {

    /** Log partitions are created this many months ahead at every start (and by the retention job). */
    private static final int LOG_MONTHS_AHEAD = 3;

    @EJB
    ProviderIndexService index;

    @Resource(lookup = "jdbc/pec")
    DataSource dataSource;

    @Inject
    Clock clock;

    @PostConstruct
    void run() {
        index.publishOwnRecord();
        try {
            new LogPartitions(dataSource).ensureMonths(YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC)),
                    LOG_MONTHS_AHEAD);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the log partitions", e);
        }
    }
}
