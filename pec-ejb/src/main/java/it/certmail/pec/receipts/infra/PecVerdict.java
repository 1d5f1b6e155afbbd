package it.certmail.pec.receipts.infra;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import it.certmail.pec.crypto.SignatureCheck;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertReading;
import it.certmail.pec.receipts.domain.PecMessageKind;

/**
 * Esito della verifica di un messaggio in ingresso: what the reception point makes of one incoming message
 * (RFC 6109 §2.2.2, pec-spec §2.4, §4.3), as a single value.
 *
 * <p>Invariant: {@link #provider()} is present exactly when the category is one of {@link Category#TRANSPORT_ENVELOPE},
 * {@link Category#NOTICE}, {@link Category#ANOMALY_ENVELOPE} or {@link Category#MALFORMED}, i.e. when a trusted
 * signature was made with a certificate listed in the providers' index. {@link #kind()} and {@link #daticert()} are
 * filled whenever they can be read, also for ordinary mail: there they are claims, not certified data.
 *
 * @param category            the decision
 * @param kind                the kind named by X-Trasporto / X-Ricevuta (+ X-VerificaSicurezza), if any
 * @param daticert            the reading of the {@code daticert.xml} found in the signed content, if one was found
 * @param signature           the S/MIME check; for {@link Category#NOT_A_MESSAGE} an unsigned check
 * @param provider            the index record of the signer (see the invariant above)
 * @param signerInIndex       the signer's certificate is listed, byte for byte, in the providers' index (a fact of
 *                            its own: also for a message whose signature fails)
 * @param signerSha1          SHA-1 of the signer certificate's DER, uppercase hex; null when there is no signer
 * @param from                the bare From address, null when absent or unreadable
 * @param subject             the decoded Subject, null when absent
 * @param messageId           the Message-ID as written (angle brackets kept), null when absent
 * @param riferimentoMessageId the X-Riferimento-Message-ID as written, null when absent
 * @param problems            every failed check, human readable; empty for a correct PEC message
 */
public record PecVerdict(
        Category category,
        Optional<PecMessageKind> kind,
        Optional<DaticertReading> daticert,
        SignatureCheck signature,
        Optional<ProviderRecord> provider,
        boolean signerInIndex,
        String signerSha1,
        String from,
        String subject,
        String messageId,
        String riferimentoMessageId,
        List<String> problems) {

    /** Categoria del messaggio in ingresso: what the reception point does with it. */
    public enum Category {
        /** busta di trasporto, correct and signed by a provider: presa in carico, then delivery */
        TRANSPORT_ENVELOPE,
        /** ricevuta or avviso, correct and signed by a provider: delivered unchanged */
        NOTICE,
        /** busta di anomalia (X-Trasporto: errore) correctly signed by a provider: delivered unchanged */
        ANOMALY_ENVELOPE,
        /** valid provider signature but not formally correct: becomes a busta di anomalia */
        MALFORMED,
        /** no, invalid or untrusted signature, or signer not in the index: ordinary mail */
        ORDINARY,
        /** not an RFC 5322 message at all (empty, binary garbage, no header): nothing to classify */
        NOT_A_MESSAGE
    }

    public PecVerdict {
        Objects.requireNonNull(category, "category");
        kind = kind == null ? Optional.empty() : kind;
        daticert = daticert == null ? Optional.empty() : daticert;
        Objects.requireNonNull(signature, "signature");
        provider = provider == null ? Optional.empty() : provider;
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** False only for {@link Category#NOT_A_MESSAGE}: the input had no RFC 5322 header (a REST layer answers 400). */
    public boolean parsable() {
        return category != Category.NOT_A_MESSAGE;
    }

    /** True when a provider in the index signed it with a trusted signature, correct or not. */
    public boolean fromProvider() {
        return provider.isPresent();
    }

    /**
     * The signer is trusted: a chain to a configured anchor, or its certificate in the providers' index, which RFC
     * 6109 §4.5 makes a source of trust.
     */
    public boolean signerTrusted() {
        return signature.chainTrusted() || signerInIndex;
    }

    /**
     * Valid as of the signing time: the content is the signed one, the signer trusted, its certificate valid then.
     * Altered content is never valid, at any time.
     */
    public boolean validAtSigningTime() {
        return signature.contentIntact() && signerTrusted() && signature.certificateValidAtSigningTime();
    }

    /** Valid at signing time and the signer's certificate still valid now: what live reception accepts. */
    public boolean validNow() {
        return validAtSigningTime() && signature.certificateValidNow();
    }

    /** True for a formally correct PEC message signed by a provider in the index. */
    public boolean certified() {
        return category == Category.TRANSPORT_ENVELOPE || category == Category.NOTICE
                || category == Category.ANOMALY_ENVELOPE;
    }

    /** The daticert values, when a daticert.xml was found and its required fields could be read. */
    public Optional<Daticert> certification() {
        return daticert.flatMap(DaticertReading::daticert);
    }
}
