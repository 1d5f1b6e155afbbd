package it.certmail.pec.transport.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import it.certmail.pec.transport.domain.MxLookup;
import it.certmail.pec.transport.domain.MxRecord;

/**
 * Ricerca MX via DNS with dnsjava (stack.md §7.4): the system's resolvers (or given ones), a private cache, and
 * the answer classified as found / no MX / NXDOMAIN / temporary error. dnsjava rather than the JDK's JNDI DNS
 * provider because JNDI folds NXDOMAIN, "no MX" and SERVFAIL into exceptions that are hard to tell apart, and
 * routing must tell "retry later" from "never".
 */
public final class DnsMxLookup implements MxLookup {

    private static final Logger LOG = Logger.getLogger(DnsMxLookup.class.getName());
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Resolver resolver;
    private final Cache cache = new Cache(DClass.IN);

    /** The system's resolvers (resolv.conf or the JDK's), with {@link #DEFAULT_TIMEOUT}. */
    public DnsMxLookup() {
        this(systemResolver(DEFAULT_TIMEOUT));
    }

    /** A given resolver, e.g. {@code new SimpleResolver("192.0.2.53")} or a test double. */
    public DnsMxLookup(Resolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    private static Resolver systemResolver(Duration timeout) {
        Resolver r = new ExtendedResolver();
        r.setTimeout(timeout);
        return r;
    }

    @Override
    public Answer lookup(String domain) {
        Name name;
        try {
            name = Name.fromString(domain, Name.root);
        } catch (TextParseException e) {
            return new NoSuchDomain();
        }
        Lookup lookup = new Lookup(name, Type.MX);
        lookup.setResolver(resolver);
        lookup.setCache(cache);
        // absolute name: never try the host's search domains
        lookup.setSearchPath(List.of());
        Record[] records;
        try {
            records = lookup.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MX lookup for " + domain + " failed", e);
            return new TemporaryError(String.valueOf(e.getMessage()));
        }
        switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL:
                List<MxRecord> mx = new ArrayList<>();
                for (Record r : records) {
                    if (r instanceof MXRecord m) {
                        mx.add(new MxRecord(m.getPriority(), m.getTarget().toString(true)));
                    }
                }
                return mx.isEmpty() ? new NoMx() : new Found(mx);
            case Lookup.TYPE_NOT_FOUND:
                return new NoMx();
            case Lookup.HOST_NOT_FOUND:
                return new NoSuchDomain();
            default:
                return new TemporaryError(lookup.getErrorString());
        }
    }
}
