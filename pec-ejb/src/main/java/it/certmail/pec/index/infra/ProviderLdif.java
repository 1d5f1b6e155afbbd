package it.certmail.pec.index.infra;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldif.DuplicateValueBehavior;
import com.unboundid.ldif.LDIFAddChangeRecord;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.ldif.LDIFRecord;
import com.unboundid.ldif.LDIFWriter;
import com.unboundid.ldif.TrailingSpaceBehavior;

import it.certmail.pec.index.domain.CertificateHash;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.domain.SigningCertificate;

/**
 * Codec LDIF dell'indice dei gestori (RFC 6109 §4.5): reads the IGPEC directory or one provider's
 * published record into {@link ProviderRecord}s, and writes our own record for publication at
 * LDIFLocationURL.
 *
 * <p>Reading never throws on bad input: each entry that cannot be used (LDIF syntax, unknown DN, missing
 * MUST attribute, hash not matching the certificate, domain or hash already claimed by an earlier entry)
 * is skipped and reported as an {@link LdifProblem}. The signature of the {@code .p7m} wrapper is checked
 * before this codec sees the text.
 */
public final class ProviderLdif {

    /** Base of the directory, {@code o=postacert}; its entry is skipped apart from its LDIFLocationURL. */
    public static final DN BASE_DN = new DN(new RDN("o", "postacert"));

    public static final String OC_PROVIDER = "provider";
    public static final String PROVIDER_NAME = "providerName";
    public static final String PROVIDER_UNIT = "providerUnit";
    public static final String PROVIDER_CERTIFICATE_HASH = "providerCertificateHash";
    public static final String PROVIDER_CERTIFICATE = "providerCertificate";
    public static final String MAIL_RECEIPT = "mailReceipt";
    public static final String MANAGED_DOMAINS = "managedDomains";
    public static final String LDIF_LOCATION_URL = "LDIFLocationURL";
    public static final String DESCRIPTION = "description";

    // RFC 6109 §4.5.7 once writes "providerUnits=" in a DN: a typo, but tolerated when reading
    private static final Set<String> UNIT_RDN_NAMES = Set.of("providerunit", "providerunits");
    private static final int WRAP_COLUMN = 76;

    /** Reads LDIF text. */
    public LdifReadResult read(String ldif) {
        return read(new LDIFReader(new BufferedReader(new StringReader(ldif == null ? "" : ldif))));
    }

    /** Reads UTF-8 LDIF bytes (for instance the content of a verified {@code .p7m}); does not close {@code in}. */
    public LdifReadResult read(InputStream in) {
        return read(new LDIFReader(in));
    }

    /** The LDIF of one record: {@code dn}, {@code objectClass: top, provider} and every attribute. */
    public String write(ProviderRecord record) {
        return write(List.of(record));
    }

    /** The LDIF of several records, separated by blank lines, in the given order. */
    public String write(Collection<ProviderRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            LDIFWriter writer = new LDIFWriter(out);
            writer.setWrapColumn(WRAP_COLUMN);
            for (ProviderRecord r : records) {
                writer.writeEntry(toEntry(r));
            }
            writer.flush();
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The DN of a record: {@code providerName=<name>[,providerUnit=<unit> first],o=postacert}. */
    public static DN dnOf(ProviderRecord record) {
        DN provider = new DN(new RDN(PROVIDER_NAME, record.name()), BASE_DN);
        return record.providerUnit() == null ? provider : new DN(new RDN(PROVIDER_UNIT, record.providerUnit()), provider);
    }

    private static Entry toEntry(ProviderRecord r) {
        Entry e = new Entry(dnOf(r));
        e.addAttribute(new Attribute("objectClass", "top", OC_PROVIDER));
        e.addAttribute(new Attribute(PROVIDER_NAME, r.name()));
        if (r.providerUnit() != null) {
            e.addAttribute(new Attribute(PROVIDER_UNIT, r.providerUnit()));
        }
        e.addAttribute(new Attribute(MAIL_RECEIPT, r.mailReceipt()));
        e.addAttribute(new Attribute(MANAGED_DOMAINS, r.managedDomains()));
        e.addAttribute(new Attribute(PROVIDER_CERTIFICATE_HASH, r.certificateHashes()));
        byte[][] ders = r.certificates().stream().map(SigningCertificate::der).toArray(byte[][]::new);
        // ";binary" is how RFC 4522 transfers certificate syntax; the writer base64-encodes (::) the DER
        e.addAttribute(new Attribute(PROVIDER_CERTIFICATE + ";binary", ders));
        if (r.ldifLocationUrl() != null) {
            e.addAttribute(new Attribute(LDIF_LOCATION_URL, r.ldifLocationUrl()));
        }
        if (r.description() != null) {
            e.addAttribute(new Attribute(DESCRIPTION, r.description()));
        }
        return e;
    }

    private LdifReadResult read(LDIFReader reader) {
        reader.setDuplicateValueBehavior(DuplicateValueBehavior.STRIP);
        reader.setTrailingSpaceBehavior(TrailingSpaceBehavior.STRIP);
        Collector collector = new Collector();
        try {
            while (true) {
                LDIFRecord ldifRecord;
                try {
                    ldifRecord = reader.readLDIFRecord();
                } catch (LDIFException e) {
                    collector.problem(dnFromLines(e.getDataLines()),
                            "line " + e.getLineNumber() + ": " + e.getMessage());
                    if (e.mayContinueReading()) {
                        continue;
                    }
                    break;
                } catch (RuntimeException e) {
                    // the LDIF library's own failure on some malformed entries (found by fuzzing: an iterator
                    // past its end); where it stopped is unknown, so nothing after it is trusted
                    collector.problem(null, "unreadable LDIF after " + collector.entriesSeen() + " entries: " + e);
                    break;
                }
                if (ldifRecord == null) {
                    break;
                }
                collector.accept(ldifRecord);
            }
        } catch (IOException e) {
            collector.problem(null, "cannot read the LDIF: " + e.getMessage());
        }
        return collector.result();
    }

    private static String dnFromLines(List<String> lines) {
        if (lines == null) {
            return null;
        }
        return lines.stream()
                .filter(l -> l.regionMatches(true, 0, "dn:", 0, 3) && !l.startsWith("dn::"))
                .map(l -> l.substring(3).strip())
                .findFirst().orElse(null);
    }

    /** Accumulates records and problems, and the keys already claimed by earlier entries. */
    private static final class Collector {
        private final List<ProviderRecord> records = new ArrayList<>();
        private final List<LdifProblem> problems = new ArrayList<>();
        private final Map<String, String> claimedKeys = new HashMap<>();
        private final Map<String, String> claimedHashes = new HashMap<>();
        private final Map<String, String> claimedDomains = new HashMap<>();
        private String directoryUrl;
        private int entries;

        void problem(String dn, String message) {
            problems.add(new LdifProblem(dn, message));
        }

        int entriesSeen() {
            return entries;
        }

        void accept(LDIFRecord ldifRecord) {
            entries++;
            String dnText = ldifRecord.getDN();
            try {
                Entry entry;
                if (ldifRecord instanceof Entry e) {
                    entry = e;
                } else if (ldifRecord instanceof LDIFAddChangeRecord add) {
                    entry = add.getEntryToAdd();
                } else {
                    throw new BadEntry("change records other than add are not part of a providers' index");
                }
                DN dn = parseDn(entry);
                if (dn.equals(BASE_DN)) {
                    directoryUrl = entry.getAttributeValue(LDIF_LOCATION_URL);
                    return;
                }
                ProviderRecord record = decode(entry, dn);
                claim(record, dnText);
                records.add(record);
            } catch (BadEntry e) {
                problem(dnText, e.getMessage());
            } catch (IllegalArgumentException e) {
                problem(dnText, e.getMessage());
            } catch (RuntimeException e) {
                // the LDAP SDK signals some malformed values with runtime exceptions: still only this entry
                problem(dnText, "unreadable entry: " + e);
            }
        }

        /** Rejects a record whose identity, hashes or domains an earlier entry already holds. */
        private void claim(ProviderRecord r, String dn) {
            String key = r.name().toLowerCase(Locale.ROOT) + "/"
                    + (r.providerUnit() == null ? "" : r.providerUnit().toLowerCase(Locale.ROOT));
            if (claimedKeys.containsKey(key)) {
                throw new BadEntry("duplicate entry, already read as " + claimedKeys.get(key));
            }
            for (String h : r.certificateHashes()) {
                if (claimedHashes.containsKey(h)) {
                    throw new BadEntry("providerCertificateHash " + h + " already belongs to " + claimedHashes.get(h));
                }
            }
            for (String d : r.managedDomains()) {
                if (claimedDomains.containsKey(d)) {
                    throw new BadEntry("managedDomains " + d + " already belongs to " + claimedDomains.get(d));
                }
            }
            claimedKeys.put(key, dn);
            r.certificateHashes().forEach(h -> claimedHashes.put(h, dn));
            r.managedDomains().forEach(d -> claimedDomains.put(d, dn));
        }

        LdifReadResult result() {
            return new LdifReadResult(records, problems, directoryUrl);
        }
    }

    private static DN parseDn(Entry entry) {
        try {
            return entry.getParsedDN();
        } catch (LDAPException e) {
            throw new BadEntry("malformed DN: " + e.getMessage());
        }
    }

    private static ProviderRecord decode(Entry entry, DN dn) {
        String dnName;
        String dnUnit = null;
        DN parent = dn.getParent();
        if (BASE_DN.equals(parent)) {
            dnName = rdnValue(dn.getRDN(), Set.of(PROVIDER_NAME.toLowerCase(Locale.ROOT)));
        } else if (parent != null && BASE_DN.equals(parent.getParent())) {
            dnUnit = rdnValue(dn.getRDN(), UNIT_RDN_NAMES);
            dnName = rdnValue(parent.getRDN(), Set.of(PROVIDER_NAME.toLowerCase(Locale.ROOT)));
        } else {
            throw new BadEntry("not a provider entry: expected providerName=<name>,o=postacert or "
                    + "providerUnit=<unit>,providerName=<name>,o=postacert");
        }
        if (!entry.hasObjectClass(OC_PROVIDER)) {
            throw new BadEntry("objectClass provider is missing");
        }

        String name = require(single(entry, PROVIDER_NAME), PROVIDER_NAME);
        if (!name.equalsIgnoreCase(dnName)) {
            throw new BadEntry("providerName " + name + " differs from the DN's " + dnName);
        }
        String unit = single(entry, PROVIDER_UNIT);
        if (dnUnit == null && unit != null) {
            throw new BadEntry("providerUnit " + unit + " on an entry whose DN has no providerUnit");
        }
        if (dnUnit != null && unit != null && !unit.equalsIgnoreCase(dnUnit)) {
            throw new BadEntry("providerUnit " + unit + " differs from the DN's " + dnUnit);
        }
        if (unit == null) {
            unit = dnUnit;
        }

        List<SigningCertificate> certificates = certificates(entry);
        checkHashes(entry, certificates);

        return new ProviderRecord(name, unit,
                require(single(entry, MAIL_RECEIPT), MAIL_RECEIPT),
                new LinkedHashSet<>(Arrays.asList(values(entry, MANAGED_DOMAINS))),
                certificates,
                single(entry, LDIF_LOCATION_URL),
                entry.getAttributeValue(DESCRIPTION));
    }

    private static List<SigningCertificate> certificates(Entry entry) {
        List<SigningCertificate> certificates = new ArrayList<>();
        // with or without the ";binary" transfer option
        for (Attribute a : entry.getAttributesWithOptions(PROVIDER_CERTIFICATE, null)) {
            for (byte[] der : a.getValueByteArrays()) {
                try {
                    certificates.add(SigningCertificate.of(der));
                } catch (IllegalArgumentException e) {
                    throw new BadEntry(PROVIDER_CERTIFICATE + ": " + e.getMessage());
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new BadEntry(PROVIDER_CERTIFICATE + " is missing");
        }
        return certificates;
    }

    /** Every declared hash must be the SHA-1 of a listed certificate, and every certificate must be declared. */
    private static void checkHashes(Entry entry, List<SigningCertificate> certificates) {
        String[] declaredValues = values(entry, PROVIDER_CERTIFICATE_HASH);
        if (declaredValues.length == 0) {
            throw new BadEntry(PROVIDER_CERTIFICATE_HASH + " is missing");
        }
        Set<String> declared = new LinkedHashSet<>();
        for (String v : declaredValues) {
            declared.add(CertificateHash.normalize(v)
                    .orElseThrow(() -> new BadEntry(PROVIDER_CERTIFICATE_HASH + " is not 40 hex digits: " + v)));
        }
        Set<String> actual = new LinkedHashSet<>();
        certificates.forEach(c -> actual.add(c.sha1Hex()));
        if (!declared.equals(actual)) {
            Set<String> unmatched = new LinkedHashSet<>(declared);
            unmatched.removeAll(actual);
            Set<String> undeclared = new LinkedHashSet<>(actual);
            undeclared.removeAll(declared);
            throw new BadEntry(PROVIDER_CERTIFICATE_HASH + " does not match " + PROVIDER_CERTIFICATE
                    + ": hashes without certificate " + unmatched + ", certificates without hash " + undeclared);
        }
    }

    private static String rdnValue(RDN rdn, Set<String> allowedNames) {
        if (rdn == null || rdn.isMultiValued()
                || !allowedNames.contains(rdn.getAttributeNames()[0].toLowerCase(Locale.ROOT))) {
            throw new BadEntry("unexpected RDN " + rdn + ", expected one of " + allowedNames);
        }
        return rdn.getAttributeValues()[0];
    }

    private static String single(Entry entry, String name) {
        String[] values = values(entry, name);
        if (values.length > 1) {
            throw new BadEntry(name + " is single-valued but has " + values.length + " values");
        }
        return values.length == 0 ? null : values[0];
    }

    private static String[] values(Entry entry, String name) {
        String[] values = entry.getAttributeValues(name);
        return values == null ? new String[0] : values;
    }

    private static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new BadEntry(name + " is missing");
        }
        return value;
    }

    /** Why one entry is skipped; never leaves this class. */
    private static final class BadEntry extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadEntry(String message) {
            super(message, null, false, false);
        }
    }
}
