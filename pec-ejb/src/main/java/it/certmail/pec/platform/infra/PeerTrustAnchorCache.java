package it.certmail.pec.platform.infra;

import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.logging.Logger;

/**
 * This node's copy of {@link PeerTrustAnchorStore}. Reading it costs nothing; at most once per {@code recheck}
 * the reader that finds it due asks the database for the table's {@link PeerTrustAnchorStore.Version} (one
 * aggregate over a handful of rows) and re-reads the certificates only when that changed. So a node trusts an
 * anchor another node added within {@code recheck}, with no timer and no message between nodes. While the database
 * does not answer it keeps the last copy (warned once): a verification never fails because of this check.
 */
public final class PeerTrustAnchorCache {

    /** How stale another node's addition may be here: short next to how rarely operators add anchors. */
    public static final Duration RECHECK = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(PeerTrustAnchorCache.class.getName());

    private final PeerTrustAnchorStore store;
    private final Clock clock;
    private final Duration recheck;
    private final Object refreshing = new Object();

    private volatile List<X509Certificate> anchors = List.of();
    private volatile Instant lastCheck = Instant.MIN;
    private PeerTrustAnchorStore.Version seen;
    private boolean failing;

    public PeerTrustAnchorCache(PeerTrustAnchorStore store, Clock clock, Duration recheck) {
        this.store = store;
        this.clock = clock;
        this.recheck = recheck;
    }

    /** The first read, at start: without the shared anchors this node must not start. */
    public void load() throws SQLException {
        synchronized (refreshing) {
            reread(clock.instant());
        }
    }

    /** The anchors as of at most {@code recheck} ago. */
    public List<X509Certificate> current() {
        Instant now = clock.instant();
        if (due(now)) {
            synchronized (refreshing) {
                if (due(now)) {
                    refresh(now);
                }
            }
        }
        return anchors;
    }

    /**
     * Stores {@code certificates} for every node and reads them back at once here.
     *
     * @return how many were not stored before
     */
    public int add(Collection<X509Certificate> certificates, String addedBy) throws SQLException {
        synchronized (refreshing) {
            Instant now = clock.instant();
            int added = store.add(certificates, now, addedBy);
            reread(now);
            return added;
        }
    }

    /** Due when {@code recheck} has passed, or when the clock was put back before the last check. */
    private boolean due(Instant now) {
        Instant last = lastCheck;
        return now.isBefore(last) || !now.isBefore(last.plus(recheck));
    }

    private void refresh(Instant now) {
        try {
            PeerTrustAnchorStore.Version version = store.version();
            if (!version.equals(seen)) {
                int before = anchors.size();
                reread(now);
                LOG.info(() -> "Peer trust anchors re-read from the database: " + before + " -> " + anchors.size());
            } else {
                lastCheck = now;
            }
            if (failing) {
                failing = false;
                LOG.info("Peer trust anchors: the database answers again");
            }
        } catch (SQLException e) {
            lastCheck = now;
            if (!failing) {
                failing = true;
                LOG.warning(() -> "Peer trust anchors: cannot check the database (" + e.getMessage()
                        + "); keeping the " + anchors.size() + " read before until it answers");
            }
        }
    }

    /** The version first, then the rows: a row added in between only makes the next check re-read once more. */
    private void reread(Instant now) throws SQLException {
        PeerTrustAnchorStore.Version version = store.version();
        anchors = List.copyOf(store.all());
        seen = version;
        lastCheck = now;
    }
}
