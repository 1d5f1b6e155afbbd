package it.certmail.pec.access.domain;

import java.util.LinkedHashSet;
import java.util.Set;

/** Operazione sui flag: STORE FLAGS, +FLAGS, -FLAGS. */
public enum FlagOperation {
    REPLACE, ADD, REMOVE;

    /** The flags a message has after this operation with {@code flags} on its {@code current} ones (any case). */
    public Set<String> apply(Set<String> current, Set<String> flags) {
        Set<String> out = new LinkedHashSet<>();
        switch (this) {
            case REPLACE -> out.addAll(flags);
            case ADD -> {
                out.addAll(current);
                for (String f : flags) {
                    if (out.stream().noneMatch(c -> c.equalsIgnoreCase(f))) {
                        out.add(f);
                    }
                }
            }
            case REMOVE -> {
                out.addAll(current);
                out.removeIf(c -> flags.stream().anyMatch(f -> f.equalsIgnoreCase(c)));
            }
        }
        return out;
    }
}
