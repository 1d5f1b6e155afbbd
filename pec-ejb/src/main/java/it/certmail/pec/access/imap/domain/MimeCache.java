package it.certmail.pec.access.imap.domain;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cache delle strutture: parsed structures and top headers by blob id. Blobs never change (content-addressed,
 * ids never reused), so an entry is valid as long as it is kept; the least recently used go first. Structures are
 * bounded by count, headers by bytes (each keeps its raw header block, so HEADER and HEADER.FIELDS are answered
 * without reading the blob again).
 */
public final class MimeCache {

    /** Reads a blob's bytes. */
    public interface Source {
        InputStream open(long blobId) throws IOException;
    }

    /** Reads the first bytes of many blobs at once; a blob it cannot serve that way is left out. */
    public interface PrefixSource {
        Map<Long, byte[]> prefixes(Collection<Long> blobIds, int maxBytes) throws IOException;
    }

    /** Header blocks longer than this are parsed from the stream and not kept as bytes. */
    public static final int PREFIX_BYTES = 16 * 1024;
    private static final long DEFAULT_HEADER_BYTES = 32L * 1024 * 1024;

    /** A top header block: parsed, and its exact bytes [0, bodyStart) when not too long. */
    private record Head(MimeEntity entity, byte[] raw, long cost) {
    }

    private final Map<Long, MimeEntity> structures;
    private final Map<Long, Head> headers = new LinkedHashMap<>(256, 0.75f, true);
    private final long maxHeaderBytes;
    private long headerBytes;

    public MimeCache(int maxEntries) {
        this(maxEntries, DEFAULT_HEADER_BYTES);
    }

    /**
     * @param structureEntries most parsed structures kept
     * @param maxHeaderBytes   rough bound of the memory the header entries take (raw bytes and parsed fields)
     */
    public MimeCache(int structureEntries, long maxHeaderBytes) {
        this.structures = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, MimeEntity> eldest) {
                return size() > structureEntries;
            }
        };
        this.maxHeaderBytes = maxHeaderBytes;
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
        return head(blobId, source).entity();
    }

    /**
     * The exact bytes of the top header block (empty line included), read at most once per cached entry;
     * {@code null} when the block is longer than {@link #PREFIX_BYTES} (the caller then reads the blob).
     */
    public byte[] headerBytes(long blobId, Source source) throws IOException {
        return head(blobId, source).raw();
    }

    private Head head(long blobId, Source source) throws IOException {
        synchronized (headers) {
            Head h = headers.get(blobId);
            if (h != null) {
                return h;
            }
        }
        Head parsed;
        try (Capture in = new Capture(source.open(blobId), PREFIX_BYTES)) {
            MimeEntity e = MimeStructureParser.parseHeader(in);
            parsed = head(e, in.captured());
        }
        put(blobId, parsed);
        return parsed;
    }

    /**
     * Reads and parses the header blocks of the blobs not cached yet, with one call to {@code source} for all of
     * them (a header FETCH of many messages then costs a few statements, not one per message).
     */
    public void prefetchHeaders(Collection<Long> blobIds, PrefixSource source) throws IOException {
        List<Long> missing = new ArrayList<>();
        synchronized (headers) {
            for (long id : blobIds) {
                if (!headers.containsKey(id)) {
                    missing.add(id);
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Map<Long, byte[]> prefixes = source.prefixes(missing, PREFIX_BYTES);
        for (Map.Entry<Long, byte[]> p : prefixes.entrySet()) {
            byte[] bytes = p.getValue();
            MimeEntity e = MimeStructureParser.parseHeader(new ByteArrayInputStream(bytes));
            // complete: the empty line came before the end of the prefix, or the prefix is the whole blob
            if (e.bodyStart() < bytes.length || bytes.length < PREFIX_BYTES) {
                put(p.getKey(), head(e, bytes));
            }
        }
    }

    /** How many header entries are kept and their estimated bytes (for tests and monitoring). */
    public long[] headerUsage() {
        synchronized (headers) {
            return new long[] {headers.size(), headerBytes};
        }
    }

    private static Head head(MimeEntity e, byte[] captured) {
        byte[] raw = e.bodyStart() <= captured.length ? Arrays.copyOf(captured, (int) e.bodyStart()) : null;
        // raw bytes, the parsed fields (about as many chars again) and the objects around them
        long cost = 2L * (raw == null ? Math.min(e.bodyStart(), PREFIX_BYTES) : raw.length) + 48L * e.headers().size()
                + 256;
        return new Head(e, raw, cost);
    }

    private void put(long blobId, Head h) {
        synchronized (headers) {
            Head old = headers.put(blobId, h);
            headerBytes += h.cost() - (old == null ? 0 : old.cost());
            Iterator<Head> it = headers.values().iterator();
            while (headerBytes > maxHeaderBytes && it.hasNext()) {
                Head eldest = it.next();
                if (eldest == h) {
                    break;
                }
                headerBytes -= eldest.cost();
                it.remove();
            }
        }
    }

    /** Keeps a copy of the first bytes read through it. */
    private static final class Capture extends FilterInputStream {
        private final byte[] buffer;
        private int filled;

        Capture(InputStream in, int max) {
            super(in);
            this.buffer = new byte[max];
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && filled < buffer.length) {
                buffer[filled++] = (byte) b;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && filled < buffer.length) {
                int k = Math.min(n, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, k);
                filled += k;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // the parser never skips; refusing keeps the copy contiguous
            return 0;
        }

        byte[] captured() {
            return Arrays.copyOf(buffer, filled);
        }
    }
}
