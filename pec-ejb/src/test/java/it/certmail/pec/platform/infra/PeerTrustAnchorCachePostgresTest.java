package it.certmail.pec.platform.infra;

/** {@link PeerTrustAnchorCacheTest} on PostgreSQL (the embedded one unless {@code -Dpec.test.pg.url} names another). */
class PeerTrustAnchorCachePostgresTest extends PeerTrustAnchorCacheTest {

    @Override
    PlatformTestDatabase database() {
        return PlatformTestDatabase.postgres();
    }
}
