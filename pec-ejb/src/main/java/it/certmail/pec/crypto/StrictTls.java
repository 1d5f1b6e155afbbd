package it.certmail.pec.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Politica TLS dei nostri server: TLS 1.2 and 1.3 only, and only suites with forward secrecy and an AEAD cipher
 * (the JDK's defaults still offer the static-RSA key exchange and CBC suites). Every engine, socket and server
 * socket made by a {@link #wrap wrapped} context gets the policy, whichever library makes it (Netty, SubEthaSMTP's
 * implicit TLS and STARTTLS). Payara's HTTPS listener gets the same list from the {@code pec} launcher.
 */
public final class StrictTls {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** Mozilla's "intermediate" suites, in JSSE names; the order is the server's preference. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private StrictTls() {
    }

    /** A context that makes everything as {@code base} does, with the policy applied. */
    public static SSLContext wrap(SSLContext base) {
        return new SSLContext(new Spi(base), base.getProvider(), base.getProtocol()) {
        };
    }

    /** The policy's parameters over {@code p}: protocols and suites narrowed to what the JDK supports. */
    static SSLParameters restrict(SSLParameters p, String[] supportedProtocols, String[] supportedSuites) {
        p.setProtocols(intersect(PROTOCOLS, supportedProtocols));
        p.setCipherSuites(intersect(CIPHER_SUITES, supportedSuites));
        p.setUseCipherSuitesOrder(true);
        return p;
    }

    private static String[] intersect(List<String> wanted, String[] supported) {
        List<String> s = Arrays.asList(supported);
        return wanted.stream().filter(s::contains).toArray(String[]::new);
    }

    static SSLEngine apply(SSLEngine e) {
        e.setSSLParameters(restrict(e.getSSLParameters(), e.getSupportedProtocols(), e.getSupportedCipherSuites()));
        return e;
    }

    static Socket apply(Socket s) {
        if (s instanceof SSLSocket ssl) {
            ssl.setSSLParameters(restrict(ssl.getSSLParameters(), ssl.getSupportedProtocols(),
                    ssl.getSupportedCipherSuites()));
        }
        return s;
    }

    static ServerSocket apply(ServerSocket s) {
        if (s instanceof SSLServerSocket ssl) {
            ssl.setSSLParameters(restrict(ssl.getSSLParameters(), ssl.getSupportedProtocols(),
                    ssl.getSupportedCipherSuites()));
        }
        return s;
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext base;

        Spi(SSLContext base) {
            this.base = base;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new SocketFactory(base.getSocketFactory());
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return new ServerSocketFactory(base.getServerSocketFactory());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return apply(base.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return apply(base.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return base.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return base.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            SSLParameters supported = base.getSupportedSSLParameters();
            return restrict(base.getDefaultSSLParameters(), supported.getProtocols(), supported.getCipherSuites());
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return engineGetDefaultSSLParameters();
        }
    }

    private static final class SocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory base;

        SocketFactory(SSLSocketFactory base) {
            this.base = base;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return intersect(CIPHER_SUITES, base.getDefaultCipherSuites());
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return getDefaultCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return apply(base.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return apply(base.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            return apply(base.createSocket(s, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return apply(base.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return apply(base.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return apply(base.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return apply(base.createSocket(host, port, local, localPort));
        }
    }

    private static final class ServerSocketFactory extends SSLServerSocketFactory {
        private final SSLServerSocketFactory base;

        ServerSocketFactory(SSLServerSocketFactory base) {
            this.base = base;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return intersect(CIPHER_SUITES, base.getDefaultCipherSuites());
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return getDefaultCipherSuites();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return apply(base.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return apply(base.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return apply(base.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress bind) throws IOException {
            return apply(base.createServerSocket(port, backlog, bind));
        }
    }
}
