package it.certmail.pec.access.service;

import java.time.Duration;
import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import it.certmail.pec.access.imap.domain.ImapSettings;

/** The IMAP/POP3 part of the operator contract (architecture.md §4), read once. */
@ApplicationScoped
public class AccessSettings {

    @Inject @ConfigProperty(name = "pec.imap.port", defaultValue = "10993")
    int imapPort;

    @Inject @ConfigProperty(name = "pec.pop3.port", defaultValue = "10995")
    int pop3Port;

    @Inject @ConfigProperty(name = "pec.access.bind", defaultValue = "0.0.0.0")
    String bindAddress;

    /** Simultaneous IMAP (and, separately, POP3) connections from one client address. */
    @Inject @ConfigProperty(name = "pec.access.max.connections.per.host", defaultValue = "20")
    int maxConnectionsPerHost;

    @Inject @ConfigProperty(name = "pec.access.login.failure.delay.ms", defaultValue = "2000")
    long loginFailureDelayMillis;

    @Inject @ConfigProperty(name = "pec.access.preauth.timeout.seconds", defaultValue = "60")
    long preAuthTimeoutSeconds;

    @Inject @ConfigProperty(name = "pec.access.auth.timeout.minutes", defaultValue = "30")
    long authTimeoutMinutes;

    @Inject @ConfigProperty(name = "pec.imap.max.append.bytes", defaultValue = "104857600")
    long maxAppendBytes;

    @Inject @ConfigProperty(name = "pec.imap.idle.poll.seconds", defaultValue = "10")
    long idlePollSeconds;

    @Inject @ConfigProperty(name = "pec.access.workers", defaultValue = "32")
    int workers;

    @Inject @ConfigProperty(name = "pec.imap.structure.cache.entries", defaultValue = "5000")
    int structureCacheEntries;

    /** Memory for cached header blocks (raw and parsed), shared by every IMAP session of the node. */
    @Inject @ConfigProperty(name = "pec.imap.header.cache.mb", defaultValue = "32")
    int headerCacheMb;

    public int imapPort() { return imapPort; }
    public int pop3Port() { return pop3Port; }
    public String bindAddress() { return bindAddress; }
    public int maxConnectionsPerHost() { return maxConnectionsPerHost; }
    public int workers() { return workers; }
    public int structureCacheEntries() { return structureCacheEntries; }
    public long headerCacheBytes() { return Math.max(1, headerCacheMb) * 1024L * 1024; }
    public Duration idlePoll() { return Duration.ofSeconds(Math.max(1, idlePollSeconds)); }

    public ImapSettings sessions(String serverName) {
        return new ImapSettings(serverName, Duration.ofMillis(loginFailureDelayMillis), 3,
                Duration.ofSeconds(preAuthTimeoutSeconds), Duration.ofMinutes(authTimeoutMinutes), maxAppendBytes,
                idlePoll(), ZoneId.of("Europe/Rome"));
    }
}
