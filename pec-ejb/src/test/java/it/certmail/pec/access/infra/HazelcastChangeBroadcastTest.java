package it.certmail.pec.access.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.access.domain.ChangeBroadcast;
import it.certmail.pec.access.domain.MailboxChangeHub;

/** Two Hazelcast members in this JVM on 127.0.0.1, as two nodes of a cluster would be. */
class HazelcastChangeBroadcastTest {

    private static final int PORT = Integer.getInteger("pec.test.hazelcast.port", 21070);

    private HazelcastInstance a;
    private HazelcastInstance b;

    @AfterEach
    void stop() {
        if (a != null) {
            a.shutdown();
        }
        if (b != null) {
            b.shutdown();
        }
    }

    private static HazelcastInstance member(String cluster) {
        Config c = new Config();
        c.setClusterName(cluster);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "jdk");
        NetworkConfig n = c.getNetworkConfig();
        n.setPort(PORT).setPortAutoIncrement(true).setPortCount(10);
        n.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        n.getJoin().getMulticastConfig().setEnabled(false);
        n.getJoin().getAutoDetectionConfig().setEnabled(false);
        n.getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + PORT)
                .addMember("127.0.0.1:" + (PORT + 1));
        return Hazelcast.newHazelcastInstance(c);
    }

    @Test
    void aChangePublishedOnOneNodeShouldWakeTheOtherNodesListenersOnly() throws Exception {
        String cluster = "pec-test-" + UUID.randomUUID();
        a = member(cluster);
        b = member(cluster);
        assertThat(b.getCluster().getMembers()).hasSize(2);

        MailboxChangeHub hubA = new MailboxChangeHub();
        MailboxChangeHub hubB = new MailboxChangeHub();
        AtomicInteger onA = new AtomicInteger();
        CountDownLatch onB = new CountDownLatch(1);
        hubA.subscribe("bob@b.test", onA::incrementAndGet);
        hubB.subscribe("bob@b.test", onB::countDown);
        try (ChangeBroadcast fromA = HazelcastChangeBroadcast.over(a, hubA::publish);
                ChangeBroadcast fromB = HazelcastChangeBroadcast.over(b, hubB::publish)) {
            assertThat(fromA).isInstanceOf(HazelcastChangeBroadcast.class);
            long start = System.nanoTime();
            fromA.publish("bob@b.test");
            assertThat(onB.await(1, TimeUnit.SECONDS)).isTrue();
            System.out.println("the other node heard of the change after " + (System.nanoTime() - start) / 1_000_000
                    + " ms");
            Thread.sleep(200);
            // the publishing node told its own sessions locally: no second nudge from the topic
            assertThat(onA.get()).isZero();
        }
    }

    @Test
    void withoutARunningHazelcastTheBroadcastShouldBeLocalOnly() {
        assertThat(HazelcastChangeBroadcast.over(null, a -> { })).isNotInstanceOf(HazelcastChangeBroadcast.class);
        assertThat(HazelcastChangeBroadcast.over("not hazelcast", a -> { }))
                .isNotInstanceOf(HazelcastChangeBroadcast.class);
        ChangeBroadcast.none().publish("bob@b.test");
    }
}
