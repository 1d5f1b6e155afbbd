package it.certmail.pec.batch.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;

/**
 * The real configuration of {@link QuartzProperties} (clustered JobStoreTX, StdJDBCDelegate, our thread executor
 * and pool) on in-memory H2 2.2 migrated by the platform's Flyway scripts; only the JNDI look-ups are replaced by
 * plain threads and a plain H2 data source.
 */
class QuartzOnH2Test {

    static final String URL = "jdbc:h2:mem:quartz-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    static final CountDownLatch FIRED = new CountDownLatch(2);

    private Scheduler scheduler;

    @AfterEach
    void stop() throws Exception {
        if (scheduler != null) {
            scheduler.shutdown(true);
        }
    }

    @Test
    void clusteredSchedulerShouldCheckInAndFireAnIntervalJobOnH2() throws Exception {
        Flyway.configure().dataSource(URL, "sa", "").locations("classpath:db/migration", "classpath:db/vendor/h2")
                .callbacks(new MessageBlobStandIn()).load().migrate();
        Properties p = QuartzProperties.clustered("H2", null, 2);
        p.remove("org.quartz.dataSource.pec.jndiURL");
        p.setProperty("org.quartz.dataSource.pec.connectionProvider.class", H2Provider.class.getName());
        p.setProperty("org.quartz.threadExecutor.class", PlainThreadExecutor.class.getName());
        p.setProperty("org.quartz.threadPool.class", PlainThreadPool.class.getName());
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "1000");

        scheduler = new StdSchedulerFactory(p).getScheduler();
        Trigger trigger = JobScheduler.trigger("tick", JobSchedule.every(Duration.ofSeconds(1)));
        scheduler.scheduleJob(JobBuilder.newJob(Tick.class).withIdentity("tick", JobScheduler.GROUP).storeDurably()
                .build(), Set.of(trigger), true);
        scheduler.start();

        assertThat(FIRED.await(20, TimeUnit.SECONDS)).as("the job fired twice").isTrue();
        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
        assertThat(scheduler.getMetaData().getThreadPoolClass()).isEqualTo(PlainThreadPool.class);
        try (Connection c = new H2Provider().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = '"
                     + QuartzProperties.SCHEDULER_NAME + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(scheduler.getSchedulerInstanceId());
        }
    }

    public static class Tick implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            FIRED.countDown();
        }
    }

    public static class PlainThreadExecutor extends ManagedThreadExecutor {
        public PlainThreadExecutor() {
            super(Thread::new);
        }
    }

    public static class PlainThreadPool extends ManagedThreadPool {
        public PlainThreadPool() {
            super(Executors.newCachedThreadPool(), 2, 5);
        }
    }

    public static class H2Provider implements ConnectionProvider {
        private final JdbcDataSource ds = new JdbcDataSource();

        public H2Provider() {
            ds.setURL(URL);
            ds.setUser("sa");
            ds.setPassword("");
        }

        @Override
        public Connection getConnection() throws SQLException {
            return ds.getConnection();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public void initialize() {
        }
    }

    /** V4 needs message_blob from the mailbox store's V2, which may not be on this branch yet. */
    static final class MessageBlobStandIn implements Callback {
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE && context.getMigrationInfo() != null
                    && "4".equals(context.getMigrationInfo().getVersion().getVersion());
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            try (Statement s = context.getConnection().createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS message_blob (id BIGINT NOT NULL PRIMARY KEY)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String getCallbackName() {
            return "message-blob-stand-in";
        }
    }
}
