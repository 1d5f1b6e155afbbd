package it.certmail.pec.mailbox.service;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.sql.DataSource;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.persistence.EntityManager;

/**
 * The mailbox services as the container would inject them, over one entity manager (and the DataSource sharing its
 * connection) without the container: for the tests that hold the transport's adapters over these services to the
 * core's port contracts. Only what the transport's ports call is wired; CDI events go nowhere.
 */
public final class StoreServicesForTests {

    private StoreServicesForTests() {
    }

    /** The mailbox directory's service; {@code known} is the node's (application-wide) cache of local domains. */
    public static MailboxService mailboxes(EntityManager em, KnownLocalDomains known, Clock clock) {
        MailboxService mailboxes = new MailboxService();
        mailboxes.em = em;
        mailboxes.knownDomains = known;
        mailboxes.clock = clock;
        return mailboxes;
    }

    /** The message store; its blob store works on {@code dataSource}. */
    public static MessageStoreService store(EntityManager em, DataSource dataSource, Clock clock) {
        MessageStoreService store = new MessageStoreService();
        store.em = em;
        store.dataSource = dataSource;
        store.clock = clock;
        store.changes = new Unobserved<>();
        store.noticesQueued = new Unobserved<>();
        return store;
    }

    /** An event nobody observes. */
    private static final class Unobserved<T> implements Event<T> {

        @Override
        public void fire(T event) {
        }

        @Override
        public <U extends T> CompletionStage<U> fireAsync(U event) {
            return CompletableFuture.completedFuture(event);
        }

        @Override
        public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            return CompletableFuture.completedFuture(event);
        }

        @Override
        public Event<T> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            return new Unobserved<>();
        }

        @Override
        public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            return new Unobserved<>();
        }
    }
}
