package it.certmail.pec.index.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Record di un gestore nell'indice (objectClass {@code provider}, RFC 6109 §4.5.8): one provider, or one
 * of its secondary environments ({@code providerUnit}), as published in the IGPEC directory.
 *
 * <p>The canonical constructor validates and normalises: names are stripped, domains lower-cased and
 * sorted, blank optional values become {@code null}. Invalid values throw {@link IllegalArgumentException};
 * readers catch it and report the entry as a problem.
 *
 * @param name            providerName (MUST, single-valued)
 * @param providerUnit    providerUnit, the secondary environment; {@code null} on the main record
 * @param mailReceipt     service mailbox for presa in carico and rilevazione virus (dot-atom, no brackets)
 * @param managedDomains  PEC domains of the provider, lower-case, at least one
 * @param certificates    signing certificates, at least one (several during a key rollover)
 * @param ldifLocationUrl HTTPS URL of the provider's signed LDIF; {@code null} if absent; always absent on
 *                        secondary environments (RFC 6109 §4.5.7)
 * @param description     free text, {@code null} if absent
 */
public record ProviderRecord(
        String name,
        String providerUnit,
        String mailReceipt,
        Set<String> managedDomains,
        List<SigningCertificate> certificates,
        String ldifLocationUrl,
        String description) {

    private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final Pattern DOT_ATOM = Pattern.compile(ATEXT + "(\\." + ATEXT + ")*");
    private static final Pattern DOMAIN =
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

    public ProviderRecord {
        name = requireText(name, "providerName");
        providerUnit = blankToNull(providerUnit);
        mailReceipt = requireText(mailReceipt, "mailReceipt");
        if (!isAddress(mailReceipt)) {
            throw new IllegalArgumentException("mailReceipt is not a dot-atom address: " + mailReceipt);
        }
        managedDomains = normalizeDomains(managedDomains);
        certificates = requireCertificates(certificates);
        ldifLocationUrl = blankToNull(ldifLocationUrl);
        if (ldifLocationUrl != null) {
            requireHttps(ldifLocationUrl);
            if (providerUnit != null) {
                throw new IllegalArgumentException("a secondary environment must not have LDIFLocationURL");
            }
        }
        description = blankToNull(description);
    }

    /** Validating factory; same rules as the canonical constructor. */
    public static ProviderRecord of(String name, String providerUnit, String mailReceipt,
            Collection<String> managedDomains, List<SigningCertificate> certificates,
            String ldifLocationUrl, String description) {
        return new ProviderRecord(name, providerUnit, mailReceipt,
                managedDomains == null ? null : new HashSet<>(managedDomains),
                certificates, ldifLocationUrl, description);
    }

    /** providerCertificateHash values: uppercase SHA-1 hex, in the order of {@link #certificates()}. */
    public List<String> certificateHashes() {
        return certificates.stream().map(SigningCertificate::sha1Hex).toList();
    }

    /** True for a secondary environment (a record with providerUnit). */
    public boolean isSecondaryEnvironment() {
        return providerUnit != null;
    }

    /** Case-insensitive membership in managedDomains (caseIgnoreIA5Match). */
    public boolean managesDomain(String domain) {
        return domain != null && managedDomains.contains(domain.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether {@code sha1Hex} (any case, colons allowed) is the hash of one of the certificates. */
    public boolean hasCertificateHash(String sha1Hex) {
        Optional<String> wanted = CertificateHash.normalize(sha1Hex);
        return wanted.isPresent() && certificateHashes().contains(wanted.get());
    }

    private static String requireText(String value, String attribute) {
        String v = blankToNull(value);
        if (v == null) {
            throw new IllegalArgumentException(attribute + " is missing");
        }
        return v;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean isAddress(String address) {
        int at = address.lastIndexOf('@');
        return at > 0 && at == address.indexOf('@')
                && DOT_ATOM.matcher(address.substring(0, at)).matches()
                && DOMAIN.matcher(address.substring(at + 1).toLowerCase(Locale.ROOT)).matches();
    }

    private static SortedSet<String> normalizeDomains(Set<String> domains) {
        if (domains == null || domains.isEmpty()) {
            throw new IllegalArgumentException("managedDomains is missing");
        }
        TreeSet<String> normalized = new TreeSet<>();
        for (String d : domains) {
            String domain = d == null ? "" : d.strip().toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(domain).matches()) {
                throw new IllegalArgumentException("managedDomains value is not a domain: " + d);
            }
            normalized.add(domain);
        }
        return Collections.unmodifiableSortedSet(normalized);
    }

    private static List<SigningCertificate> requireCertificates(List<SigningCertificate> certificates) {
        if (certificates == null || certificates.isEmpty()) {
            throw new IllegalArgumentException("providerCertificate is missing");
        }
        List<SigningCertificate> copy = List.copyOf(certificates);
        Set<String> hashes = new HashSet<>();
        for (SigningCertificate c : copy) {
            if (!hashes.add(c.sha1Hex())) {
                throw new IllegalArgumentException("providerCertificate listed twice: " + c.sha1Hex());
            }
        }
        return copy;
    }

    private static void requireHttps(String url) {
        try {
            URI uri = new URI(url);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("LDIFLocationURL is not an https URL: " + url);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("LDIFLocationURL is not a URL: " + url, e);
        }
    }

    @Override
    public String toString() {
        return "ProviderRecord[" + name + (providerUnit == null ? "" : "/" + providerUnit)
                + ", mailReceipt=" + mailReceipt + ", domains=" + managedDomains
                + ", certificates=" + certificateHashes() + "]";
    }
}
