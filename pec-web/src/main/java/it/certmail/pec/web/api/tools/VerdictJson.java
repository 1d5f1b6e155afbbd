package it.certmail.pec.web.api.tools;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import it.certmail.pec.crypto.SignatureCheck;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertReading;
import it.certmail.pec.receipts.domain.DaticertType;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.infra.PecVerdict;

/**
 * The verdict as architecture.md §4 fixes it: {@code kind} is the daticert tipo of a correct PEC message,
 * {@code anomalia} for an anomaly envelope or a provider-signed malformed message, {@code ordinary} otherwise.
 */
public record VerdictJson(String kind, String category, String messageKind, SignatureJson signature,
                          Map<String, Object> daticert, Boolean dtdValid, String from, String subject, String messageId,
                          String riferimentoMessageId, List<String> problems) {

    /**
     * The signature part of the verdict: each fact on its own (content integrity, signer, chain, index membership,
     * certificate validity at signing time and now), then the verdicts derived from them. {@code valid} is
     * {@code validAtSigningTime}: the tool judges a message as of its signing time; altered content is never valid.
     */
    public record SignatureJson(boolean signed, boolean contentIntact, String signer, String signerSha1,
                                Instant signingTime, String digestAlgorithm, boolean chainTrusted,
                                boolean inProviderIndex, String provider, boolean certificateValidAtSigningTime,
                                boolean certificateValidNow, boolean validAtSigningTime, boolean validNow,
                                boolean valid) {
    }

    static VerdictJson of(PecVerdict v) {
        SignatureCheck s = v.signature();
        SignatureJson signature = new SignatureJson(s.signed(), s.contentIntact(),
                s.signerAddress() != null ? s.signerAddress()
                        : s.signer() != null ? s.signer().getSubjectX500Principal().getName() : null,
                v.signerSha1(), s.signingTime(), s.digestAlgorithm(), s.chainTrusted(), v.signerInIndex(),
                v.provider().map(ProviderRecord::name).orElse(null), s.certificateValidAtSigningTime(),
                s.certificateValidNow(), v.validAtSigningTime(), v.validNow(), v.validAtSigningTime());
        return new VerdictJson(kind(v), v.category().name(), v.kind().map(PecMessageKind::name).orElse(null),
                signature, v.certification().map(VerdictJson::fields).orElse(null),
                v.daticert().map(DaticertReading::dtdValid).orElse(null), v.from(), v.subject(), v.messageId(),
                v.riferimentoMessageId(), v.problems());
    }

    private static String kind(PecVerdict v) {
        return switch (v.category()) {
            case TRANSPORT_ENVELOPE, NOTICE -> v.kind().flatMap(PecMessageKind::daticertType).map(DaticertType::code)
                    .orElse("anomalia");
            case ANOMALY_ENVELOPE, MALFORMED -> "anomalia";
            case ORDINARY, NOT_A_MESSAGE -> "ordinary";
        };
    }

    private static Map<String, Object> fields(Daticert d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tipo", d.type().code());
        m.put("errore", d.error().code());
        m.put("mittente", d.sender());
        m.put("destinatari", d.recipients().stream()
                .map(r -> Map.of("indirizzo", r.address(), "tipo", r.type().code())).toList());
        m.put("risposte", d.replyTo());
        m.put("oggetto", d.subject());
        m.put("gestoreEmittente", d.issuer());
        m.put("data", d.time().toOffsetDateTime().toString());
        m.put("identificativo", d.identifier());
        m.put("msgid", d.msgid());
        m.put("ricevuta", d.receiptForm() == null ? null : d.receiptForm().code());
        m.put("consegna", d.delivery());
        m.put("ricezione", d.reception());
        m.put("erroreEsteso", d.extendedError());
        return m;
    }
}
