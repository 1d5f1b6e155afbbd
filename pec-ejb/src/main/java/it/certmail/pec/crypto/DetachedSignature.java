package it.certmail.pec.crypto;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParameterList;

/**
 * Firma separata: the detached CMS SignedData over a canonical MIME entity, with what the {@code multipart/signed}
 * around them says of it (RFC 1847, RFC 5751 §3.5): the {@code protocol} and {@code micalg} of its
 * {@link SignatureProfile} and the header fields of the {@code smime.p7s} part.
 *
 * @param der     the SignedData, DER
 * @param profile the profile it was made with
 */
public record DetachedSignature(byte[] der, SignatureProfile profile) {

    private static final String FILE_NAME = "smime.p7s";

    public DetachedSignature {
        Objects.requireNonNull(der, "der");
        Objects.requireNonNull(profile, "profile");
    }

    /** The bytes of the SignedData (a copy). */
    @Override
    public byte[] der() {
        return der.clone();
    }

    /** {@code multipart/signed} with protocol, micalg and boundary, folded as Jakarta Mail writes it. */
    public String multipartContentType(String boundary) {
        ParameterList params = new ParameterList();
        params.set("protocol", profile.signatureContentType());
        params.set("micalg", profile.micalg());
        params.set("boundary", boundary);
        return new ContentType("multipart", "signed", params).toString();
    }

    /** The header fields of the {@code smime.p7s} part (base64), in the order they are written. */
    public List<Map.Entry<String, String>> partHeaders() {
        return List.of(
                Map.entry("Content-Type", partContentType()),
                Map.entry("Content-Transfer-Encoding", "base64"),
                Map.entry("Content-Disposition", "attachment; filename=\"" + FILE_NAME + "\""),
                Map.entry("Content-Description", "S/MIME Cryptographic Signature"));
    }

    String partContentType() {
        return profile.signatureContentType() + "; name=\"" + FILE_NAME + "\"";
    }
}
