package it.certmail.pec.mailbox.service;

import java.util.Set;
import java.util.TreeSet;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.index.domain.LocalDomains;
import it.certmail.pec.mailbox.model.MailDomain;

/** The local mail domains for the provider index, read in the caller's transaction. */
@Stateless
public class LocalMailDomains implements LocalDomains {

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Override
    public Set<String> names() {
        return new TreeSet<>(em.createNamedQuery(MailDomain.FIND_ALL_NAMES, String.class).getResultList());
    }
}
