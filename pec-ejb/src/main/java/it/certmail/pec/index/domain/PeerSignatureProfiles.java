package it.certmail.pec.index.domain;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import it.certmail.pec.crypto.SignatureProfile;

/**
 * Which signature profile a message gets from the profiles chosen per peer provider: each recipient's domain asks
 * for its provider's choice, or for the global {@code pec.signature.profile} when its provider has none (or it is
 * not a peer: our own domains, non-PEC domains). A message one of whose recipients asks for
 * {@link SignatureProfile#LEGACY_SHA1} is signed with it, since every provider verifies that profile (all of them
 * emit it) while a peer that asked for it may not verify SHA-256; otherwise {@link SignatureProfile#SHA256}.
 */
public final class PeerSignatureProfiles {

    private PeerSignatureProfiles() {
    }

    /**
     * @param domains recipient domains, lower-case
     * @param chosen  the profile chosen for the provider of some of them, by domain
     * @param global  the profile of the domains without a choice
     */
    public static SignatureProfile forDomains(Collection<String> domains, Map<String, SignatureProfile> chosen,
                                              SignatureProfile global) {
        Objects.requireNonNull(global, "global");
        if (domains.isEmpty()) {
            return global;
        }
        boolean legacy = domains.stream().map(d -> chosen.getOrDefault(d, global))
                .anyMatch(p -> p == SignatureProfile.LEGACY_SHA1);
        return legacy ? SignatureProfile.LEGACY_SHA1 : SignatureProfile.SHA256;
    }

    /** The lower-case domains of {@code addresses} (a bare address or {@code Name <address>}); others are skipped. */
    public static Set<String> domainsOf(Collection<String> addresses) {
        Set<String> out = new TreeSet<>();
        for (String a : addresses) {
            if (a == null) {
                continue;
            }
            String s = a.strip();
            int close = s.lastIndexOf('>');
            if (close > 0) {
                s = s.substring(0, close);
            }
            int at = s.lastIndexOf('@');
            if (at >= 0 && at < s.length() - 1) {
                out.add(s.substring(at + 1).strip().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }
}
