package it.certmail.pec.platform.service;

import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import it.certmail.pec.platform.infra.DurableCommits;

/**
 * Brings the schema up to date before anything else touches the database. Flyway serialises concurrent
 * migrators (an advisory lock on PostgreSQL), so several nodes may boot at once.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class DatabaseMigration {

    private static final Logger LOG = Logger.getLogger(DatabaseMigration.class.getName());

    @Resource(lookup = "jdbc/pec")
    DataSource dataSource;

    private volatile String schemaVersion;

    @PostConstruct
    void migrate() {
        MigrateResult result = Flyway.configure(getClass().getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor())
                .load()
                .migrate();
        schemaVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info(() -> "Database schema at version " + schemaVersion + " (" + result.migrationsExecuted
                + " migrations applied now, database " + result.database + ")");
        makeCommitsDurable();
    }

    /** Before any listener answers 250: a commit the database acknowledged must survive a kill of this process. */
    private void makeCommitsDurable() {
        try (java.sql.Connection c = dataSource.getConnection()) {
            DurableCommits.Report report = DurableCommits.enforce(c);
            if (report.changed()) {
                LOG.info(() -> report.database() + ": commits are now written at once (WRITE_DELAY 0)");
            }
            report.warnings().forEach(w -> LOG.warning(() -> report.database() + ": " + w));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot make database commits durable", e);
        }
    }

    /** Migrations that differ per database (partitioning on PostgreSQL) live in {@code db/vendor/<vendor>}. */
    private String vendor() {
        try (java.sql.Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            return product.equalsIgnoreCase("PostgreSQL") ? "postgresql" : "h2";
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the database does not answer", e);
        }
    }

    public String schemaVersion() {
        return schemaVersion;
    }
}
