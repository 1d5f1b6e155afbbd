package it.certmail.pec.operator.domain;

import java.util.Objects;

import it.certmail.pec.operator.model.Area;
import it.certmail.pec.operator.model.OperatorRole;

/**
 * Who acts: a signed-in operator with their role, the client address the server saw, and the channel
 * ({@link #CONSOLE} or {@link #API}). Every audit record names one; every role check asks one.
 */
public record Actor(String user, OperatorRole role, String address, String channel) {

    public static final String CONSOLE = "console";
    public static final String API = "api";

    public Actor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        address = address == null ? "unknown" : address;
        Objects.requireNonNull(channel, "channel");
    }

    /** @throws NotAllowedException when the role may not do this */
    public void require(Area area, boolean change) {
        if (!role.allows(area, change)) {
            throw new NotAllowedException(user, role, area, change);
        }
    }
}
