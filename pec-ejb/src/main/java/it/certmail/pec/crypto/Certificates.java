package it.certmail.pec.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** Certificati: hashing, PEM and name extraction helpers for X.509 certificates (JDK only). */
public final class Certificates {

    private static final int SAN_RFC822 = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

    private Certificates() {
    }

    /**
     * SHA-1 over the DER encoding, uppercase hex without separators: the IGPEC {@code providerCertificateHash}
     * form (RFC 6109 §4.5.1), e.g. {@code B9444BA4D52880FBBE4C3C0C55BF81E323ADDF8B}.
     */
    public static String sha1Hex(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded());
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("cannot hash certificate", e);
        }
    }

    /** Parses a DER certificate. */
    public static X509Certificate fromDer(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    /** All {@code CERTIFICATE} blocks of a PEM text, in order; text outside the blocks is ignored. */
    public static List<X509Certificate> parsePem(String pem) throws CertificateException {
        List<X509Certificate> result = new ArrayList<>();
        Matcher m = PEM_BLOCK.matcher(pem);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(1).replaceAll("\\s", ""));
            result.add(fromDer(der));
        }
        return List.copyOf(result);
    }

    /** Reads all certificates of a PEM file. */
    public static List<X509Certificate> readPem(Path file) throws IOException, CertificateException {
        return parsePem(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /** Reads a PEM file that must hold exactly one certificate. */
    public static X509Certificate readSinglePem(Path file) throws IOException, CertificateException {
        List<X509Certificate> all = readPem(file);
        if (all.size() != 1) {
            throw new CertificateException(file + ": expected one certificate, found " + all.size());
        }
        return all.get(0);
    }

    /** PEM text of one certificate, 64-character lines, LF line ends. */
    public static String toPem(X509Certificate certificate) {
        try {
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode certificate", e);
        }
    }

    /** Writes the certificates as one PEM file (replacing it). */
    public static void writePem(Path file, Collection<X509Certificate> certificates) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certificates) {
            sb.append(toPem(c));
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
    }

    /** subjectAltName rfc822Name values (e-mail addresses), in certificate order. */
    public static List<String> rfc822Names(X509Certificate certificate) {
        return subjectAltNames(certificate, SAN_RFC822);
    }

    /** The first rfc822Name of subjectAltName, or {@code null}. */
    public static String firstRfc822Name(X509Certificate certificate) {
        List<String> names = rfc822Names(certificate);
        return names.isEmpty() ? null : names.get(0);
    }

    /** subjectAltName dNSName values. */
    public static List<String> dnsNames(X509Certificate certificate) {
        return subjectAltNames(certificate, SAN_DNS);
    }

    /** subjectAltName iPAddress values, in the JDK's textual form. */
    public static List<String> ipAddresses(X509Certificate certificate) {
        return subjectAltNames(certificate, SAN_IP);
    }

    /**
     * Values of one attribute type of the subject DN, e.g. {@code "CN"} or {@code "O"} (case-insensitive),
     * in X.500 order (most significant first); empty if absent.
     */
    public static List<String> subjectAttribute(X509Certificate certificate, String type) {
        return nameAttribute(certificate.getSubjectX500Principal(), type);
    }

    /** Same as {@link #subjectAttribute} for the issuer DN. */
    public static List<String> issuerAttribute(X509Certificate certificate, String type) {
        return nameAttribute(certificate.getIssuerX500Principal(), type);
    }

    static List<X509Certificate> concat(X509Certificate first, List<X509Certificate> rest) {
        List<X509Certificate> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return List.copyOf(all);
    }

    private static List<String> nameAttribute(X500Principal principal, String type) {
        try {
            List<Rdn> rdns = new LdapName(principal.getName(X500Principal.RFC2253)).getRdns();
            List<String> values = new ArrayList<>();
            // LdapName indexes RDNs from the right of the RFC 2253 string, i.e. in X.500 order (C first)
            for (Rdn rdn : rdns) {
                if (rdn.getType().toUpperCase(Locale.ROOT).equals(type.toUpperCase(Locale.ROOT))) {
                    values.add(String.valueOf(rdn.getValue()));
                }
            }
            return List.copyOf(values);
        } catch (InvalidNameException e) {
            return List.of();
        }
    }

    private static List<String> subjectAltNames(X509Certificate certificate, int type) {
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans == null) {
                return List.of();
            }
            List<String> values = new ArrayList<>();
            for (List<?> san : sans) {
                if (san.size() >= 2 && san.get(0) instanceof Integer t && t == type && san.get(1) instanceof String s) {
                    values.add(s);
                }
            }
            return List.copyOf(values);
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
