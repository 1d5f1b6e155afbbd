package it.certmail.pec.access.infra;

import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;

import it.certmail.pec.access.domain.ChangeBroadcast;

/**
 * Avvisi tra nodi su Hazelcast: mailbox addresses on a topic of the cluster's Hazelcast (built into Payara Micro).
 * A node skips what it published itself (its own sessions were told locally); what the others published goes to
 * {@code remoteChange}, normally the node's {@code MailboxChangeHub}.
 */
public final class HazelcastChangeBroadcast implements ChangeBroadcast {

    /** The topic's name: every node of one deployment uses the same. */
    public static final String TOPIC = "pec.mailbox.changes";

    private static final Logger LOG = Logger.getLogger(HazelcastChangeBroadcast.class.getName());

    private final ITopic<String> topic;
    private final UUID listener;

    public HazelcastChangeBroadcast(HazelcastInstance hazelcast, Consumer<String> remoteChange) {
        this.topic = hazelcast.getTopic(TOPIC);
        this.listener = topic.addMessageListener(message -> {
            Member from = message.getPublishingMember();
            if (from != null && from.localMember()) {
                return;
            }
            try {
                remoteChange.accept(message.getMessageObject());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "a remote mailbox change could not be passed on", e);
            }
        });
    }

    /**
     * A broadcast over {@code hazelcast} if it is a running {@link HazelcastInstance}, else {@link ChangeBroadcast#none()}.
     * The caller may hold a plain Object from JNDI: the Hazelcast classes are touched only here.
     */
    public static ChangeBroadcast over(Object hazelcast, Consumer<String> remoteChange) {
        if (hazelcast instanceof HazelcastInstance hz && hz.getLifecycleService().isRunning()) {
            return new HazelcastChangeBroadcast(hz, remoteChange);
        }
        return ChangeBroadcast.none();
    }

    @Override
    public void publish(String address) {
        try {
            topic.publish(address);
        } catch (RuntimeException e) {
            // the others will see it at their next IDLE poll
            LOG.log(Level.FINE, "cannot tell the cluster about " + address, e);
        }
    }

    @Override
    public void close() {
        try {
            topic.removeMessageListener(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Hazelcast already stopped", e);
        }
    }
}
