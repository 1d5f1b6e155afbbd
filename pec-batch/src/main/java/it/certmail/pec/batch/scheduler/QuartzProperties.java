package it.certmail.pec.batch.scheduler;

import java.util.Properties;

/**
 * The Quartz configuration (stack.md §3.2): JDBC job store on the non-transactional pool, clustered, managed
 * threads, no update check.
 */
public final class QuartzProperties {

    /** The SCHED_NAME every node shares: one cluster. */
    public static final String SCHEDULER_NAME = "PecScheduler";
    /** JNDI name of the pool with {@code --nontransactionalconnections=true} (JobStoreTX commits its own work). */
    public static final String DATASOURCE_JNDI = "jdbc/pecNonTx";
    /** System property with this node's stable name; unset = Quartz AUTO (host name + time). */
    public static final String NODE_PROPERTY = "pec.node.name";

    private QuartzProperties() {
    }

    /**
     * @param databaseProduct JDBC {@code getDatabaseProductName()} of the job store's database
     * @param nodeName        this node's name when set ({@code pec.node.name}), else {@code null}
     * @param threads         jobs that may run at once on this node
     */
    public static Properties clustered(String databaseProduct, String nodeName, int threads) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        if (nodeName != null && !nodeName.isBlank()) {
            p.setProperty("org.quartz.scheduler.instanceIdGenerator.class",
                    "org.quartz.simpl.SystemPropertyInstanceIdGenerator");
            p.setProperty("org.quartz.scheduler.instanceIdGenerator.systemPropertyName", NODE_PROPERTY);
        }
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadExecutor.class", ManagedThreadExecutor.class.getName());
        p.setProperty("org.quartz.threadPool.class", ManagedThreadPool.class.getName());
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", delegateFor(databaseProduct));
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "7500");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        // job data as strings only: nothing Java-serialised in the database
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.dataSource", "pec");
        p.setProperty("org.quartz.dataSource.pec.jndiURL", DATASOURCE_JNDI);
        return p;
    }

    /** PostgreSQL has its own delegate (bytea); H2 works with the standard one. */
    static String delegateFor(String databaseProduct) {
        return "PostgreSQL".equalsIgnoreCase(databaseProduct)
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
                : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
    }
}
