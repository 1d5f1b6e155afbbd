package it.certmail.pec.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.crypto.LocalPki;

/**
 * The peers' trust anchors in the database as two nodes see them: stored once, learnt by the other node within
 * {@link PeerTrustAnchorCache#RECHECK} with no restart, kept while the database is away. H2 here;
 * {@link PeerTrustAnchorCachePostgresTest} runs the same on PostgreSQL.
 */
class PeerTrustAnchorCacheTest {

    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
    private static X509Certificate peerA;
    private static X509Certificate peerB;

    PlatformTestDatabase db;
    SettableClock clock;

    @BeforeAll
    static void certificates() {
        peerA = new LocalPki().createCa("Peer A", START).certificate();
        peerB = new LocalPki().createCa("Peer B", START).certificate();
    }

    PlatformTestDatabase database() {
        return PlatformTestDatabase.h2();
    }

    @BeforeEach
    void open() {
        db = database();
        clock = new SettableClock(START);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private PeerTrustAnchorCache node(DataSource dataSource) throws SQLException {
        PeerTrustAnchorCache cache = new PeerTrustAnchorCache(new PeerTrustAnchorStore(dataSource), clock,
                PeerTrustAnchorCache.RECHECK);
        cache.load();
        return cache;
    }

    @Test
    void anchorsShouldBeStoredOnceAndReadBackAtOnceByTheNodeThatAddedThem() throws Exception {
        PeerTrustAnchorCache node1 = node(db.dataSource());

        assertThat(node1.add(List.of(peerA, peerB), "node-1")).isEqualTo(2);
        assertThat(node1.add(List.of(peerA), "node-1")).isZero();

        assertThat(node1.current()).containsExactlyInAnyOrder(peerA, peerB);
        assertThat(new PeerTrustAnchorStore(db.dataSource()).version().count()).isEqualTo(2);
    }

    @Test
    void anotherNodeShouldLearnAnAddedAnchorWithinTheRecheckWithoutRestart() throws Exception {
        PeerTrustAnchorCache node1 = node(db.dataSource());
        PeerTrustAnchorCache node2 = node(db.dataSource());
        assertThat(node2.current()).isEmpty();

        node1.add(List.of(peerA), "node-1");

        assertThat(node2.current()).as("not due yet: no query").isEmpty();
        clock.advance(PeerTrustAnchorCache.RECHECK);
        assertThat(node2.current()).containsExactly(peerA);
    }

    @Test
    void aNodeStartingLaterShouldReadWhatOthersAdded() throws Exception {
        node(db.dataSource()).add(List.of(peerB), "node-1");

        assertThat(node(db.dataSource()).current()).containsExactly(peerB);
    }

    @Test
    void aClockPutBackShouldNotStopTheChecks() throws Exception {
        PeerTrustAnchorCache node1 = node(db.dataSource());
        PeerTrustAnchorCache node2 = node(db.dataSource());
        clock.advance(Duration.ofHours(1));
        node2.current();
        clock.advance(Duration.ofHours(-2));

        node1.add(List.of(peerA), "node-1");

        assertThat(node2.current()).containsExactly(peerA);
    }

    @Test
    void theLastCopyShouldBeKeptWhileTheDatabaseDoesNotAnswer() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        PeerTrustAnchorCache node1 = node(db.dataSource());
        PeerTrustAnchorCache node2 = node(switchable(db.dataSource(), down));
        node1.add(List.of(peerA), "node-1");
        clock.advance(PeerTrustAnchorCache.RECHECK);
        assertThat(node2.current()).containsExactly(peerA);

        down.set(true);
        node1.add(List.of(peerB), "node-1");
        clock.advance(PeerTrustAnchorCache.RECHECK);
        assertThat(node2.current()).containsExactly(peerA);

        down.set(false);
        clock.advance(PeerTrustAnchorCache.RECHECK);
        assertThat(node2.current()).containsExactly(peerA, peerB);
    }

    /** A clock the test sets, backwards too (an operator correcting the system time). */
    static final class SettableClock extends Clock {

        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration amount) {
            now = now.plus(amount);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** {@code target}, or a database that went away: every connection refused while {@code down} is set. */
    private static DataSource switchable(DataSource target, AtomicBoolean down) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (down.get() && method.getName().equals("getConnection")) {
                        throw new SQLException("connection refused");
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
