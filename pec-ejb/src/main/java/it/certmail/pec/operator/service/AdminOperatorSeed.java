package it.certmail.pec.operator.service;

import java.util.Optional;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJBException;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import it.certmail.pec.platform.service.AdminAccount;

/**
 * At start: makes sure the built-in admin has its operator row, moving a second factor enrolled in the data
 * directory by an earlier version into the database (then the files go: the database is the one copy).
 */
@Singleton
@Startup
@DependsOn({"DatabaseMigration", "AdminAccount"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AdminOperatorSeed {

    private static final Logger LOG = Logger.getLogger(AdminOperatorSeed.class.getName());

    @Inject
    OperatorAccounts accounts;

    @Inject
    AdminAccount admin;

    @PostConstruct
    void seed() {
        Optional<AdminAccount.LegacySecondFactor> legacy = admin.legacySecondFactor();
        try {
            if (accounts.seedAdmin(legacy) && legacy.isPresent()) {
                admin.forgetLegacySecondFactor();
                LOG.info("the admin's TOTP secret and recovery codes moved from the data directory to the database");
            }
        } catch (EJBException | jakarta.persistence.PersistenceException raced) {
            // another node inserted the row at the same moment: theirs is as good as ours
            LOG.info(() -> "admin operator row already created by another node: " + raced.getMessage());
        }
    }
}
