package it.certmail.pec.transport.service;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.crypto.MessageSigner;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.index.domain.PeerSignatureProfiles;
import it.certmail.pec.index.service.PeerSignatureProfileService;
import it.certmail.pec.mailbox.service.KnownLocalDomains;
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

    @Inject
    KnownLocalDomains localDomains;

    private PecMessageIds ids;
    private PecMessageComposer composer;

    @PostConstruct
    void init() {
        ids = new PecMessageIds(settings.nodeName(), settings.domain());
        Map<SignatureProfile, MessageSigner> signers = new EnumMap<>(SignatureProfile.class);
        for (SignatureProfile p : SignatureProfile.values()) {
            signers.put(p, keys.signer(p));
        }
        composer = new PecMessageComposer(keys.signer(), recipients -> signers.get(profileFor(recipients)),
                settings.providerName(), settings.domain(), ids);
    }

    /**
     * The profile of a message to {@code recipients}. Our own domains never have a choice of their own (our profile
     * is the global one), so a message only to domains already known to be ours (in memory, no query) takes the
     * global profile: the receipts and envelopes between our own mailboxes skip the lookup in the index.
     */
    SignatureProfile profileFor(Collection<String> recipients) {
        Set<String> domains = PeerSignatureProfiles.domainsOf(recipients);
        boolean allOurs = !domains.isEmpty() && domains.stream()
                .allMatch(d -> d.equalsIgnoreCase(settings.domain()) || localDomains.contains(d));
        // the global profile is the setting itself (what PeerSignatureProfileService.global() answers): read here,
        // not through an EJB call for each of the four messages a local PEC message signs
        return allOurs ? settings.signatureProfile() : peerProfiles.forRecipients(recipients);
    }

    public PecMessageComposer composer() {
        return composer;
    }

    public PecMessageIds ids() {
        return ids;
    }
}
