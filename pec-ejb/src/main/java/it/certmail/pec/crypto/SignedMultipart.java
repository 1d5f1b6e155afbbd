package it.certmail.pec.crypto;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.ParameterList;

/**
 * A {@code multipart/signed} whose {@code protocol} and {@code micalg} come from the {@link SignatureProfile}
 * (MimeMultipart only lets a subclass set the full content type).
 */
final class SignedMultipart extends MimeMultipart {

    static final String PREAMBLE = "This is an S/MIME signed message";

    SignedMultipart(SignatureProfile profile, MimeBodyPart content, MimeBodyPart signature)
            throws MessagingException {
        super("signed");
        ParameterList params = new ParameterList();
        params.set("protocol", profile.signatureContentType());
        params.set("micalg", profile.micalg());
        params.set("boundary", new ContentType(contentType).getParameter("boundary"));
        contentType = new ContentType("multipart", "signed", params).toString();
        setPreamble(PREAMBLE);
        addBodyPart(content);
        addBodyPart(signature);
    }
}
