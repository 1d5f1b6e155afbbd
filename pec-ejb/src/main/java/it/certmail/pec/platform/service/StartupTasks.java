package it.certmail.pec.platform.service;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;

import it.certmail.pec.index.service.ProviderIndexService;

/** What must hold before the first message is handled: schema migrated, keys loaded, our index record current. */
@Singleton
@Startup
@DependsOn({"DatabaseMigration", "ProviderKeys"})
public class StartupTasks {

    @EJB
    ProviderIndexService index;

    @PostConstruct
    void run() {
        index.publishOwnRecord();
    }
}
