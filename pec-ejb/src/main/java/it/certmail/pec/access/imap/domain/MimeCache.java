package it.certmail.pec.access.imap.domain;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cache delle strutture: parsed structures and top headers by blob id. Blobs never change (content-addressed,
 * ids never reused), so an entry is valid as long as it is kept; the least recently used go first.
 */
public final class MimeCache {

    /** Reads a blob's bytes. */
    public interface Source {
        InputStream open(long blobId) throws IOException;
    }

    private final Map<Long, MimeEntity> structures;
    private final Map<Long, MimeEntity> headers;

    public MimeCache(int maxEntries) {
        this.structures = lru(maxEntries);
        this.headers = lru(maxEntries);
    }

    private static Map<Long, MimeEntity> lru(int max) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, MimeEntity> eldest) {
                return size() > max;
            }
        };
    }

    /** The whole structure (one pass over the bytes the first time). */
    public MimeEntity structure(long blobId, Source source) throws IOException {
        synchronized (structures) {
            MimeEntity e = structures.get(blobId);
            if (e != null) {
                return e;
            }
        }
        MimeEntity parsed;
        try (InputStream in = source.open(blobId)) {
            parsed = MimeStructureParser.parse(in);
        }
        synchronized (structures) {
            structures.put(blobId, parsed);
        }
        return parsed;
    }

    /** The top header block only (reads no further than the empty line), or the full structure if known. */
    public MimeEntity header(long blobId, Source source) throws IOException {
        synchronized (structures) {
            MimeEntity e = structures.get(blobId);
            if (e != null) {
                return e;
            }
        }
        synchronized (headers) {
            MimeEntity e = headers.get(blobId);
            if (e != null) {
                return e;
            }
        }
        MimeEntity parsed;
        try (InputStream in = source.open(blobId)) {
            parsed = MimeStructureParser.parseHeader(in);
        }
        synchronized (headers) {
            headers.put(blobId, parsed);
        }
        return parsed;
    }
}
