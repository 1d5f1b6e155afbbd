package it.certmail.pec.platform.infra;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.enterprise.inject.Produces;

/**
 * Hands {@code jdbc/pec} to the plain CDI beans of the transport and the stores ({@link PecDatabase}). It is an EJB
 * only for its lookup: WildFly resolves the relative name {@code jdbc/pec} per EJB, mapped in
 * {@code pec-ear/src/main/wildfly/pec-ejb/jboss-ejb3.xml}, while a CDI bean has no such mapping. The producer runs
 * once per injection point (the beans using it are application scoped), never per call.
 */
@Singleton
@Lock(LockType.READ)
public class PecDataSources {

    @Resource(lookup = "jdbc/pec")
    DataSource pec;

    @Produces
    @PecDatabase
    public DataSource pec() {
        return pec;
    }
}
