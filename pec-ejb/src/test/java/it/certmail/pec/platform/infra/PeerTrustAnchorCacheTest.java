package it.certmail.pec.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.logging.Logger;

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
        Switchable flaky = new Switchable(db.dataSource());
        PeerTrustAnchorCache node1 = node(db.dataSource());
        PeerTrustAnchorCache node2 = node(flaky);
        node1.add(List.of(peerA), "node-1");
        clock.advance(PeerTrustAnchorCache.RECHECK);
        assertThat(node2.current()).containsExactly(peerA);

        flaky.down = true;
        node1.add(List.of(peerB), "node-1");
        clock.advance(PeerTrustAnchorCache.RECHECK);
        assertThat(node2.current()).containsExactly(peerA);

        flaky.down = false;
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

    /** A DataSource that can be made to refuse connections, as a database that went away. */
    private static final class Switchable implements DataSource {

        private final DataSource target;
        volatile boolean down;

        Switchable(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLException("connection refused");
            }
            return target.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // not used
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // not used
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
