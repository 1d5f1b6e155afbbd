package it.certmail.pec.transport.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Instradamento: where to send mail for a recipient domain. Static routes ({@code pec.relay.routes}) first,
 * then MX records sorted by preference, then the domain's own address record when it has no MX (RFC 5321 §5.1).
 * PEC routing checks the providers' index before this (pec-spec §5); this class only finds hosts.
 */
public final class RouteResolver {

    private final StaticRoutes staticRoutes;
    private final MxLookup mxLookup;

    public RouteResolver(StaticRoutes staticRoutes, MxLookup mxLookup) {
        this.staticRoutes = Objects.requireNonNull(staticRoutes, "staticRoutes");
        this.mxLookup = Objects.requireNonNull(mxLookup, "mxLookup");
    }

    /** Result of a resolution. */
    public sealed interface Resolution permits Routes, Unroutable, Deferred {
    }

    /** Hosts to try in order (the first that accepts the connection takes the message). */
    public record Routes(List<RelayTarget> targets) implements Resolution {
        public Routes {
            targets = List.copyOf(targets);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("no targets");
            }
        }
    }

    /** No route will ever exist (NXDOMAIN, null MX): a permanent failure. */
    public record Unroutable(String reason) implements Resolution {
    }

    /** DNS failed for now: a temporary failure. */
    public record Deferred(String reason) implements Resolution {
    }

    public Resolution resolve(String domain) {
        String d = StaticRoutes.normaliseDomain(Objects.requireNonNull(domain, "domain"));
        var fixed = staticRoutes.routeFor(d);
        if (fixed.isPresent()) {
            return new Routes(List.of(fixed.get()));
        }
        MxLookup.Answer answer = mxLookup.lookup(d);
        if (answer instanceof MxLookup.Found found) {
            List<MxRecord> usable = found.records().stream().filter(r -> !r.isNullMx()).toList();
            if (usable.isEmpty()) {
                return found.records().isEmpty()
                        ? new Routes(List.of(new RelayTarget(d, RelayTarget.SMTP_PORT)))
                        : new Unroutable("domain " + d + " publishes a null MX (RFC 7505): it accepts no mail");
            }
            return new Routes(usable.stream()
                    .sorted(Comparator.comparingInt(MxRecord::preference))
                    .map(r -> new RelayTarget(r.host(), RelayTarget.SMTP_PORT))
                    .distinct()
                    .toList());
        } else if (answer instanceof MxLookup.NoMx) {
            return new Routes(List.of(new RelayTarget(d, RelayTarget.SMTP_PORT)));
        } else if (answer instanceof MxLookup.NoSuchDomain) {
            return new Unroutable("domain " + d + " does not exist (NXDOMAIN)");
        } else {
            return new Deferred("MX lookup for " + d + " failed: " + ((MxLookup.TemporaryError) answer).reason());
        }
    }
}
