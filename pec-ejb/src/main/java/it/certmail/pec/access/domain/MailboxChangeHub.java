package it.certmail.pec.access.domain;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Avvisi di nuova posta: listeners per mailbox address, told when something in the mailbox changed (a delivery,
 * another session's expunge or flag change). Only a nudge: sessions read the store to learn what changed.
 */
public final class MailboxChangeHub {

    private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();

    /** Registers a listener; closing the result removes it. */
    public AutoCloseable subscribe(String address, Runnable listener) {
        String key = key(address);
        listeners.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(key, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Tells every listener of {@code address}; a failing listener does not stop the others. */
    public void publish(String address) {
        List<Runnable> list = listeners.get(key(address));
        if (list == null) {
            return;
        }
        for (Runnable r : list) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // a session that went away; it unsubscribes itself when it closes
            }
        }
    }

    public int listenerCount(String address) {
        List<Runnable> list = listeners.get(key(address));
        return list == null ? 0 : list.size();
    }

    private static String key(String address) {
        return address == null ? "" : address.toLowerCase(Locale.ROOT);
    }
}
