package it.certmail.pec.access.imap.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class MimeCacheTest {

    private static byte[] message(int i, int headerPadding) {
        return ("From: ann@b.test\r\nSubject: n" + i + "\r\nX-Pad: " + "p".repeat(headerPadding) + "\r\n\r\nbody " + i
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void prefetchShouldServeHeadersAndTheirBytesWithoutOpeningBlobs() throws Exception {
        Map<Long, byte[]> blobs = new HashMap<>();
        for (long id = 1; id <= 50; id++) {
            blobs.put(id, message((int) id, 10));
        }
        // a header longer than the prefix: must not be cached from it
        blobs.put(99L, message(99, MimeCache.PREFIX_BYTES + 10));
        AtomicInteger opens = new AtomicInteger();
        AtomicInteger batches = new AtomicInteger();
        MimeCache.Source source = id -> {
            opens.incrementAndGet();
            return new ByteArrayInputStream(blobs.get(id));
        };
        MimeCache.PrefixSource prefixes = (ids, max) -> {
            batches.incrementAndGet();
            Map<Long, byte[]> out = new HashMap<>();
            for (long id : ids) {
                byte[] b = blobs.get(id);
                out.put(id, java.util.Arrays.copyOf(b, Math.min(b.length, max)));
            }
            return out;
        };
        MimeCache cache = new MimeCache(10, 1024 * 1024);

        cache.prefetchHeaders(new ArrayList<>(blobs.keySet()), prefixes);
        for (long id = 1; id <= 50; id++) {
            byte[] raw = blobs.get(id);
            int headerEnd = new String(raw, StandardCharsets.US_ASCII).indexOf("\r\n\r\n") + 4;
            assertThat(cache.header(id, source).header("Subject")).isEqualTo("n" + id);
            assertThat(cache.headerBytes(id, source)).isEqualTo(java.util.Arrays.copyOf(raw, headerEnd));
        }
        assertThat(opens.get()).isZero();
        assertThat(batches.get()).isEqualTo(1);

        // the long one is read from the stream once, and its bytes are not kept
        assertThat(cache.header(99, source).header("Subject")).isEqualTo("n99");
        assertThat(cache.headerBytes(99, source)).isNull();
        assertThat(opens.get()).isEqualTo(1);

        cache.prefetchHeaders(List.of(1L, 2L), prefixes);
        assertThat(batches.get()).isEqualTo(1);
    }

    @Test
    void headerEntriesShouldBeBoundedByBytes() throws Exception {
        MimeCache cache = new MimeCache(10, 64 * 1024);
        for (long id = 1; id <= 2000; id++) {
            byte[] raw = message((int) id, 200);
            cache.header(id, x -> new ByteArrayInputStream(raw));
        }
        long[] usage = cache.headerUsage();
        assertThat(usage[1]).isLessThanOrEqualTo(64 * 1024);
        assertThat(usage[0]).isBetween(50L, 200L);
    }
}
