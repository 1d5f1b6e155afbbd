package it.certmail.pec.access.service;

import java.util.logging.Level;
import java.util.logging.Logger;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import it.certmail.pec.access.domain.ChangeBroadcast;
import it.certmail.pec.access.domain.MailboxChangeHub;
import it.certmail.pec.access.infra.HazelcastChangeBroadcast;
import it.certmail.pec.mailbox.service.MailboxChanged;

/**
 * Avvisi di nuova posta: passes committed mailbox changes to the IMAP sessions of this node and, through the
 * Hazelcast built into Payara ({@code payara/Hazelcast}), to the other nodes, whose IDLE sessions see a delivery
 * made here within a second. Without Hazelcast ({@code --nocluster}, {@code --nohazelcast}) it is local only and
 * other nodes learn of changes by their IDLE poll ({@code pec.imap.idle.poll.seconds}).
 */
@ApplicationScoped
public class MailboxChangeNotifier {

    private static final Logger LOG = Logger.getLogger(MailboxChangeNotifier.class.getName());
    static final String HAZELCAST_JNDI = "payara/Hazelcast";

    private final MailboxChangeHub hub = new MailboxChangeHub();
    private ChangeBroadcast cluster = ChangeBroadcast.none();

    @PostConstruct
    void connect() {
        Object hazelcast;
        try {
            hazelcast = new InitialContext().lookup(HAZELCAST_JNDI);
        } catch (NamingException | RuntimeException e) {
            LOG.info(() -> "no Hazelcast (" + e + "): mailbox changes reach other nodes by their IDLE poll");
            return;
        }
        try {
            cluster = HazelcastChangeBroadcast.over(hazelcast, hub::publish);
            LOG.info(() -> cluster instanceof HazelcastChangeBroadcast
                    ? "mailbox changes are shared with the cluster on Hazelcast topic " + HazelcastChangeBroadcast.TOPIC
                    : "Hazelcast is not running: mailbox changes stay on this node");
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "cannot use Hazelcast for mailbox changes: they stay on this node", e);
        }
    }

    @PreDestroy
    void close() {
        cluster.close();
    }

    public MailboxChangeHub hub() {
        return hub;
    }

    /** After the commit only: a session woken before it would not see the change. */
    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) MailboxChanged event) {
        hub.publish(event.address());
        cluster.publish(event.address());
    }
}
