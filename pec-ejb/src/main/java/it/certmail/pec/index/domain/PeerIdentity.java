package it.certmail.pec.index.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * A provider's identity in the index, as reloads keep it: providerName and providerUnit ({@code ""} for the main
 * record), lower-case, as the index compares them.
 */
public record PeerIdentity(String name, String unit) {

    public PeerIdentity {
        name = Objects.requireNonNull(name, "name").strip().toLowerCase(Locale.ROOT);
        unit = unit == null ? "" : unit.strip().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a provider name is required");
        }
    }

    public static PeerIdentity of(ProviderRecord r) {
        return new PeerIdentity(r.name(), r.providerUnit());
    }
}
