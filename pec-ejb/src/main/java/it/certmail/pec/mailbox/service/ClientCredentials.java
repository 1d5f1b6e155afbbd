package it.certmail.pec.mailbox.service;

import java.time.Clock;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.mailbox.infra.ClientPasswords;

/** The one {@link ClientPasswords} of the application, so that its verification cache is shared by every caller. */
@ApplicationScoped
public class ClientCredentials {

    @Inject
    Clock clock;

    private ClientPasswords passwords;

    @PostConstruct
    void init() {
        passwords = new ClientPasswords(clock);
    }

    public ClientPasswords passwords() {
        return passwords;
    }
}
