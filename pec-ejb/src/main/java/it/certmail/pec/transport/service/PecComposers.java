package it.certmail.pec.transport.service;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.platform.service.ProviderKeys;
import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.receipts.infra.PecMessageComposer;

/** The composer every part of the transport signs with: our key, our name, this node's message ids. */
@ApplicationScoped
public class PecComposers {

    @Inject
    ProviderKeys keys;

    @Inject
    PlatformSettings settings;

    private PecMessageIds ids;
    private PecMessageComposer composer;

    @PostConstruct
    void init() {
        ids = new PecMessageIds(settings.nodeName(), settings.domain());
        composer = new PecMessageComposer(keys.signer(), settings.providerName(), settings.domain(), ids);
    }

    public PecMessageComposer composer() {
        return composer;
    }

    public PecMessageIds ids() {
        return ids;
    }
}
