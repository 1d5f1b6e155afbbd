package it.certmail.pec.transport.service;

import java.util.EnumMap;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.crypto.MessageSigner;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.index.service.PeerSignatureProfileService;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.platform.service.ProviderKeys;
import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.receipts.infra.PecMessageComposer;

/**
 * The composer every part of the transport signs with: our key, with the signature profile the recipients'
 * providers ask for (the global one by default), our name, this node's message ids.
 */
@ApplicationScoped
public class PecComposers {

    @Inject
    ProviderKeys keys;

    @Inject
    PlatformSettings settings;

    @Inject
    PeerSignatureProfileService peerProfiles;

    private PecMessageIds ids;
    private PecMessageComposer composer;

    @PostConstruct
    void init() {
        ids = new PecMessageIds(settings.nodeName(), settings.domain());
        Map<SignatureProfile, MessageSigner> signers = new EnumMap<>(SignatureProfile.class);
        for (SignatureProfile p : SignatureProfile.values()) {
            signers.put(p, keys.signer(p));
        }
        composer = new PecMessageComposer(keys.signer(),
                recipients -> signers.get(peerProfiles.forRecipients(recipients)),
                settings.providerName(), settings.domain(), ids);
    }

    public PecMessageComposer composer() {
        return composer;
    }

    public PecMessageIds ids() {
        return ids;
    }
}
