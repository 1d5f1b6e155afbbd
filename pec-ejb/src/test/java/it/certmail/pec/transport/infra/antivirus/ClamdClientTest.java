package it.certmail.pec.transport.infra.antivirus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import it.certmail.pec.transport.domain.ScanResult;

class ClamdClientTest {

    @TempDir
    Path tmp;

    private static ClamdClient client(ClamdClient.Address a) {
        return new ClamdClient(a, Duration.ofSeconds(2), Duration.ofSeconds(1), 1000);
    }

    /** A stream of {@code size} bytes generated on the fly, with the marker at the end if asked. */
    private static InputStream generated(long size, boolean infected) {
        byte[] marker = FakeClamd.MARKER;
        return new InputStream() {
            long pos;

            @Override
            public int read() {
                if (pos >= size) {
                    return -1;
                }
                long fromEnd = size - pos;
                pos++;
                return infected && fromEnd <= marker.length ? marker[(int) (marker.length - fromEnd)] : 'a';
            }
        };
    }

    @Test
    void cleanContentShouldBeCleanAndSentInChunks() throws Exception {
        try (FakeClamd clamd = FakeClamd.tcp()) {
            ScanResult r = client(new ClamdClient.Tcp("127.0.0.1", clamd.port())).scan(generated(4500, false));
            assertThat(r).isEqualTo(new ScanResult.Clean());
            assertThat(clamd.chunkSizes).containsExactly(1000, 1000, 1000, 1000, 500);
            assertThat(clamd.totalReceived).isEqualTo(4500);
        }
    }

    @Test
    void infectedContentShouldNameTheSignature() throws Exception {
        try (FakeClamd clamd = FakeClamd.tcp()) {
            ScanResult r = client(new ClamdClient.Tcp("127.0.0.1", clamd.port())).scan(generated(3210, true));
            assertThat(r).isEqualTo(new ScanResult.Infected(FakeClamd.SIGNATURE));
        }
    }

    @Test
    void unixSocketShouldWorkLikeTcp() throws Exception {
        try (FakeClamd clamd = FakeClamd.unix(tmp)) {
            ClamdClient c = client(ClamdClient.parseAddress(clamd.socketPath().toString()));
            assertThat(c.ping()).isTrue();
            assertThat(c.scan(generated(2500, true))).isInstanceOf(ScanResult.Infected.class);
            assertThat(c.scan(generated(0, false))).isEqualTo(new ScanResult.Clean());
        }
    }

    @Test
    void clamdErrorShouldBeAFailure() throws Exception {
        try (FakeClamd clamd = FakeClamd.tcp()) {
            clamd.mode = FakeClamd.Mode.ERROR;
            assertThat(client(new ClamdClient.Tcp("127.0.0.1", clamd.port())).scan(generated(10, false)))
                    .isInstanceOfSatisfying(ScanResult.Failed.class,
                            f -> assertThat(f.reason()).contains("Can't allocate memory ERROR"));
        }
    }

    @Test
    void streamLimitShouldBeAFailureEvenWhenClamdClosesEarly() throws Exception {
        try (FakeClamd clamd = FakeClamd.unix(tmp)) {
            clamd.mode = FakeClamd.Mode.SIZE_LIMIT;
            ScanResult r = new ClamdClient(new ClamdClient.Unix(clamd.socketPath()), Duration.ofSeconds(2),
                    Duration.ofSeconds(2), 64 * 1024).scan(generated(50L * 1024 * 1024, false));
            assertThat(r).isInstanceOf(ScanResult.Failed.class);
            // the client stopped streaming long before the 50 MB
            assertThat(clamd.totalReceived).isLessThan(1024L * 1024);
        }
    }

    @Test
    void silentClamdShouldTimeOut() throws Exception {
        for (boolean unix : new boolean[] {false, true}) {
            try (FakeClamd clamd = unix ? FakeClamd.unix(tmp) : FakeClamd.tcp()) {
                clamd.mode = FakeClamd.Mode.SILENT;
                ClamdClient.Address a = unix ? new ClamdClient.Unix(clamd.socketPath())
                        : new ClamdClient.Tcp("127.0.0.1", clamd.port());
                assertThat(client(a).scan(generated(10, false)))
                        .isInstanceOfSatisfying(ScanResult.Failed.class,
                                f -> assertThat(f.reason()).contains("timed out"));
            }
        }
    }

    @Test
    void absentClamdShouldBeAFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ClamdClient tcp = client(new ClamdClient.Tcp("127.0.0.1", port));
        assertThat(tcp.scan(new ByteArrayInputStream(new byte[10]))).isInstanceOf(ScanResult.Failed.class);
        assertThat(tcp.ping()).isFalse();
        assertThat(client(new ClamdClient.Unix(tmp.resolve("none.sock"))).scan(new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(ScanResult.Failed.class);
    }

    @Test
    void unreadableContentShouldBeAFailure() throws Exception {
        try (FakeClamd clamd = FakeClamd.tcp()) {
            InputStream broken = new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("disk gone");
                }
            };
            assertThat(client(new ClamdClient.Tcp("127.0.0.1", clamd.port())).scan(broken))
                    .isInstanceOfSatisfying(ScanResult.Failed.class,
                            f -> assertThat(f.reason()).contains("disk gone"));
        }
    }

    @Test
    void addressParserShouldReadTheConfiguration() {
        assertThat(ClamdClient.parseAddress("clamav.local:3310")).isEqualTo(new ClamdClient.Tcp("clamav.local", 3310));
        assertThat(ClamdClient.parseAddress("[::1]:3310")).isEqualTo(new ClamdClient.Tcp("::1", 3310));
        assertThat(ClamdClient.parseAddress("/run/clamav/clamd.ctl"))
                .isEqualTo(new ClamdClient.Unix(Path.of("/run/clamav/clamd.ctl")));
        assertThat(ClamdClient.parseAddress("unix:relative.sock")).isEqualTo(new ClamdClient.Unix(Path.of("relative.sock")));
        assertThatThrownBy(() -> ClamdClient.parseAddress("clamav")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replyParserShouldHandleClamdAnswers() {
        assertThat(ClamdClient.parse("stream: OK")).isEqualTo(new ScanResult.Clean());
        assertThat(ClamdClient.parse("stream: Win.Test.EICAR_HDB-1 FOUND"))
                .isEqualTo(new ScanResult.Infected("Win.Test.EICAR_HDB-1"));
        assertThat(ClamdClient.parse("INSTREAM size limit exceeded. ERROR")).isInstanceOf(ScanResult.Failed.class);
        assertThat(ClamdClient.parse("garbage")).isInstanceOf(ScanResult.Failed.class);
    }
}
