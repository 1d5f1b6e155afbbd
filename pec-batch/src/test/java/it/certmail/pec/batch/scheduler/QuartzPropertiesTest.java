package it.certmail.pec.batch.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class QuartzPropertiesTest {

    @Test
    void propertiesShouldPickTheDelegatePerDatabaseAndClusterOnTheNonTransactionalPool() {
        Properties pg = QuartzProperties.clustered("PostgreSQL", null, 4);
        assertThat(pg.getProperty("org.quartz.jobStore.driverDelegateClass"))
                .isEqualTo("org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        assertThat(pg.getProperty("org.quartz.jobStore.class")).isEqualTo("org.quartz.impl.jdbcjobstore.JobStoreTX");
        assertThat(pg.getProperty("org.quartz.jobStore.isClustered")).isEqualTo("true");
        assertThat(pg.getProperty("org.quartz.dataSource.pec.jndiURL")).isEqualTo("jdbc/pecNonTx");
        assertThat(pg.getProperty("org.quartz.scheduler.instanceId")).isEqualTo("AUTO");
        assertThat(pg.getProperty("org.quartz.scheduler.instanceIdGenerator.class")).isNull();
        assertThat(pg.getProperty("org.quartz.threadPool.threadCount")).isEqualTo("4");
        assertThat(QuartzProperties.clustered("H2", null, 4).getProperty("org.quartz.jobStore.driverDelegateClass"))
                .isEqualTo("org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    }

    @Test
    void aNamedNodeShouldGetItsNameAsQuartzInstanceId() {
        Properties p = QuartzProperties.clustered("H2", "pec-a", 2);
        assertThat(p.getProperty("org.quartz.scheduler.instanceIdGenerator.class"))
                .isEqualTo("org.quartz.simpl.SystemPropertyInstanceIdGenerator");
        assertThat(p.getProperty("org.quartz.scheduler.instanceIdGenerator.systemPropertyName")).isEqualTo("pec.node.name");
    }
}
