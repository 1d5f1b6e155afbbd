package it.certmail.pec.transport.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

import jakarta.enterprise.context.ApplicationScoped;

import it.certmail.pec.receipts.domain.Daticert;

/**
 * The daticert of stored receipts, by blob: a blob never changes, so what was read once stays true, and the sent
 * messages page does not parse the same receipts on every reload. Bounded; the least recently used go first.
 */
@ApplicationScoped
public class ReceiptFactsCache {

    static final int MAX_ENTRIES = 20_000;

    private final Map<Long, Optional<Daticert>> byBlob = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Optional<Daticert>> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public Optional<Daticert> daticert(long blobId, LongFunction<Optional<Daticert>> reader) {
        synchronized (byBlob) {
            Optional<Daticert> known = byBlob.get(blobId);
            if (known != null) {
                return known;
            }
        }
        Optional<Daticert> read = reader.apply(blobId);
        synchronized (byBlob) {
            byBlob.put(blobId, read);
        }
        return read;
    }
}
