package it.certmail.pec.e2e.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import it.certmail.pec.receipts.domain.DaticertReading;

/**
 * Registro dei messaggi generati: every PEC message a provider generated in a test class, with the provider that
 * must have signed it. {@link #check(PecMail, PecServer)} verifies one at once (openssl against the issuing
 * provider's CA, DTD of daticert.xml); {@link #problems()} re-checks them all at the end.
 */
public final class GeneratedMessages {

    /** One generated message and its issuer. */
    public record Entry(PecMail mail, PecServer issuer) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /**
     * Records the message and returns the problems found now (empty = signed by {@code issuer}'s CA according to
     * openssl, and daticert.xml, when present, valid against the DTD).
     */
    public List<String> check(PecMail mail, PecServer issuer) {
        entries.add(new Entry(mail, issuer));
        return problemsOf(mail, issuer);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Problems of every recorded message, one line each. */
    public List<String> problems() {
        List<String> all = new ArrayList<>();
        for (Entry e : entries) {
            problemsOf(e.mail(), e.issuer()).forEach(p -> all.add(e.mail() + ": " + p));
        }
        return all;
    }

    public static List<String> problemsOf(PecMail mail, PecServer issuer) {
        List<String> problems = new ArrayList<>();
        if (OpenSsl.available()) {
            OpenSsl.Result r = OpenSsl.verifySmime(mail.raw(), issuer.caPemFile());
            if (!r.ok()) {
                problems.add("openssl smime -verify with the CA of " + issuer.name() + " failed (" + r.exitCode()
                        + "): " + r.stderr().trim());
            }
        }
        Optional<DaticertReading> reading = mail.daticertReading();
        if (reading.isPresent()) {
            if (!reading.get().dtdValid() || reading.get().daticert().isEmpty()) {
                problems.add("daticert.xml not valid: " + reading.get().problems());
            }
        } else if (mail.xTrasporto() == null || !"errore".equalsIgnoreCase(mail.xTrasporto())) {
            // only the busta di anomalia has no daticert (pec-spec §2.3 k)
            problems.add("no daticert.xml");
        }
        return problems;
    }

    /** Counts per kind header, for the report. */
    public String summary() {
        Map<String, Long> byKind = new java.util.TreeMap<>();
        for (Entry e : entries) {
            String k = e.mail().xRicevuta() != null ? "X-Ricevuta " + e.mail().xRicevuta()
                    : "X-Trasporto " + e.mail().xTrasporto();
            byKind.merge(k + " by " + e.issuer().name(), 1L, Long::sum);
        }
        return entries.size() + " generated messages checked: " + byKind;
    }
}
