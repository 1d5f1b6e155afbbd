package it.certmail.pec.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import it.certmail.pec.crypto.Certificates;
import it.certmail.pec.crypto.LocalPki;
import it.certmail.pec.platform.domain.AdjustableClock;
import it.certmail.pec.platform.infra.PeerTrustAnchorCache;
import it.certmail.pec.platform.infra.PlatformTestDatabase;

/**
 * Two {@link ProviderKeys} beans, each with its own data directory, over one database, as two nodes behind the load
 * balancer: an anchor added through node 1 is trusted by node 2 without a restart; the file an older version kept
 * is imported once. H2 here; {@link ProviderKeysSharedAnchorsPostgresTest} runs the same on PostgreSQL.
 */
class ProviderKeysSharedAnchorsTest {

    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
    private static X509Certificate peer;

    @TempDir
    Path dirs;

    PlatformTestDatabase db;
    AdjustableClock clock;

    @BeforeAll
    static void peerCa() {
        peer = new LocalPki().createCa("Peer", START).certificate();
    }

    PlatformTestDatabase database() {
        return PlatformTestDatabase.h2();
    }

    @BeforeEach
    void open() {
        db = database();
        clock = new AdjustableClock(Clock.fixed(START, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ProviderKeys node(String name) {
        PlatformSettings settings = new PlatformSettings();
        settings.dataDir = dirs.resolve(name).toString();
        settings.domain = "pec.certmail.example";
        settings.providerName = "Certmail";
        settings.trustAnchors = Optional.empty();
        settings.keystoreFile = Optional.empty();
        settings.keystorePassword = Optional.empty();
        settings.nativeSignature = false;
        settings.nodeName = Optional.of(name);
        ProviderKeys keys = new ProviderKeys();
        keys.settings = settings;
        keys.clock = clock;
        keys.nonTx = db.dataSource();
        keys.load();
        return keys;
    }

    @Test
    void anAnchorAddedThroughNode1ShouldBeTrustedByNode2() {
        ProviderKeys node1 = node("node-1");
        ProviderKeys node2 = node("node-2");
        assertThat(node2.trustAnchors()).containsExactly(node2.caCertificate());

        assertThat(node1.addTrustAnchors(Certificates.toPem(peer))).isEqualTo(1);
        assertThat(node1.trustAnchors()).containsExactly(node1.caCertificate(), peer);

        clock.advance(PeerTrustAnchorCache.RECHECK);
        assertThat(node2.trustAnchors()).containsExactly(node2.caCertificate(), peer);
        assertThat(node2.addTrustAnchors(Certificates.toPem(peer))).as("already trusted").isZero();
        assertThat(node("node-3").trustAnchors()).as("a node started later").contains(peer);
    }

    @Test
    void theOldFileShouldBeImportedOnceAndRenamed() throws Exception {
        Path keys = dirs.resolve("node-1").resolve("keys");
        Files.createDirectories(keys);
        Path file = keys.resolve(ProviderKeys.PEER_ANCHORS_FILE);
        Certificates.writePem(file, List.of(peer));

        ProviderKeys node1 = node("node-1");

        assertThat(node1.trustAnchors()).contains(peer);
        assertThat(file).doesNotExist();
        assertThat(keys.resolve(ProviderKeys.PEER_ANCHORS_IMPORTED)).exists();
        clock.advance(PeerTrustAnchorCache.RECHECK);
        assertThat(node("node-2").trustAnchors()).contains(peer);
        assertThat(node("node-1").trustAnchors()).as("restarted: read from the database").contains(peer);
    }

    @Test
    void aCertificateThatIsNotACaShouldBeRefusedAndNothingStored() {
        ProviderKeys node1 = node("node-1");
        String leaf = Certificates.toPem(node1.material().signing().certificate());

        assertThatThrownBy(() -> node1.addTrustAnchors(leaf)).isInstanceOf(ProviderKeys.RefusedAnchor.class)
                .hasMessageContaining("not a CA certificate");
        assertThatThrownBy(() -> node1.addTrustAnchors("hello")).isInstanceOf(ProviderKeys.RefusedAnchor.class);
        assertThatThrownBy(() -> node1.addTrustAnchors("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
                .isInstanceOf(ProviderKeys.RefusedAnchor.class).hasMessageStartingWith("not a PEM certificate");
        assertThat(ProviderKeys.RefusedAnchor.class).as("reaches the REST resource unwrapped")
                .hasAnnotation(jakarta.ejb.ApplicationException.class);
        assertThat(node1.trustAnchors()).containsExactly(node1.caCertificate());
    }
}
