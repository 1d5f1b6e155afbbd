package it.certmail.pec.platform.infra;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

/** Which database the platform runs on (H2 or PostgreSQL), for the few statements written for each. */
public final class DatabaseProduct {

    /** Per persistence unit (tests open several, on H2 and PostgreSQL, in one JVM): whether it is PostgreSQL. */
    private static final Map<EntityManagerFactory, Boolean> POSTGRES = Collections.synchronizedMap(new WeakHashMap<>());

    private DatabaseProduct() {
    }

    public static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL");
    }

    /** Whether the persistence unit of {@code em} is on PostgreSQL, asked of its JDBC connection once per unit. */
    public static boolean isPostgres(EntityManager em) {
        return POSTGRES.computeIfAbsent(em.getEntityManagerFactory(), unit -> {
            try {
                return isPostgres(em.unwrap(Connection.class));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot tell the database", e);
            }
        });
    }
}
