package it.certmail.pec.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

class TlsContextsTest {

    @Test
    void serverContextShouldCompleteHandshakeWithClientTrustingLocalCa() throws Exception {
        ProviderKeyMaterial m = new LocalPki()
                .generate("Certmail", "pec.certmail.example", Instant.now().minus(1, ChronoUnit.HOURS)).material();
        SSLContext server = TlsContexts.server(m.tls());

        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept(); InputStream in = s.getInputStream();
                     OutputStream out = s.getOutputStream()) {
                    int b = in.read();
                    out.write(b + 1);
                    out.flush();
                    return b;
                } catch (Exception e) {
                    return -1;
                }
            });

            SSLContext client = TlsContexts.client(List.of(m.caCertificate()));
            try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket("localhost", ss.getLocalPort())) {
                SSLParameters p = c.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                c.setSSLParameters(p);
                c.getOutputStream().write(41);
                c.getOutputStream().flush();
                assertThat(c.getInputStream().read()).isEqualTo(42);
                assertThat(c.getSession().getPeerCertificates()[0]).isEqualTo(m.tls().certificate());
            }
            assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo(41);
        }
    }

    @Test
    void clientShouldRejectServerFromUnknownCa() throws Exception {
        Instant t = Instant.now().minus(1, ChronoUnit.HOURS);
        ProviderKeyMaterial m = new LocalPki().generate("Certmail", "pec.certmail.example", t).material();
        ProviderKeyMaterial other = new LocalPki().generate("Other", "pec.other.example", t).material();

        try (SSLServerSocket ss = (SSLServerSocket) TlsContexts.server(m.tls()).getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.startHandshake();
                } catch (Exception expected) {
                    // the client aborts the handshake
                }
            });
            SSLContext client = TlsContexts.client(List.of(other.caCertificate()));
            try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket("localhost", ss.getLocalPort())) {
                assertThatThrownBy(c::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
        }
    }

    @Test
    void serverContextShouldOfferOnlyTls12And13WithForwardSecretAeadSuites() throws Exception {
        ProviderKeyMaterial m = new LocalPki()
                .generate("Certmail", "pec.certmail.example", Instant.now().minus(1, ChronoUnit.HOURS)).material();
        SSLContext server = TlsContexts.server(m.tls());
        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(ss.getEnabledProtocols()).containsOnly("TLSv1.3", "TLSv1.2");
            assertThat(ss.getEnabledCipherSuites()).isNotEmpty().allMatch(StrictTls.CIPHER_SUITES::contains);
            // a client that offers only the static-RSA key exchange finds no suite in common
            CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.startHandshake();
                } catch (Exception expected) {
                    // refused
                }
            });
            SSLContext client = TlsContexts.client(List.of(m.caCertificate()));
            try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket("localhost", ss.getLocalPort())) {
                c.setEnabledCipherSuites(new String[] {"TLS_RSA_WITH_AES_128_GCM_SHA256"});
                c.setEnabledProtocols(new String[] {"TLSv1.2"});
                assertThatThrownBy(c::startHandshake).isInstanceOf(javax.net.ssl.SSLException.class);
            }
        }
        assertThat(server.createSSLEngine().getEnabledCipherSuites()).allMatch(StrictTls.CIPHER_SUITES::contains);
        assertThat(server.createSSLEngine().getEnabledProtocols()).containsOnly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void launcherShouldGivePayaraTheSameSuites() throws Exception {
        String launcher = java.nio.file.Files.readString(java.nio.file.Path.of("..", "pec"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("strict_tls_suites\\+?=\"([^\"]*)\"")
                .matcher(launcher);
        StringBuilder all = new StringBuilder();
        while (m.find()) {
            all.append(m.group(1));
        }
        assertThat(all.toString().replace("+", "").split(",")).containsExactlyElementsOf(StrictTls.CIPHER_SUITES);
    }
}
