package it.certmail.pec.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.cms.Time;
import org.junit.jupiter.api.Test;

class PecSignedAttributesTest {

    /** The signingTime value is encoded byte for byte as BouncyCastle's own {@code new Time(Date)} encodes it. */
    @Test
    void signingTimeShouldEncodeAsBouncyCastlesTime() throws Exception {
        for (String t : List.of("2026-12-06T18:30:05Z", "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z",
                "1950-01-01T00:00:00Z", "2049-12-31T23:59:59Z", "1949-12-31T23:59:59Z", "2050-01-01T00:00:00Z",
                "2026-03-29T01:00:00Z")) {
            Instant instant = Instant.parse(t);
            assertThat(PecSignedAttributes.signingTimeValue(instant).toASN1Primitive().getEncoded(ASN1Encoding.DER))
                    .as(t).isEqualTo(new Time(Date.from(instant)).toASN1Primitive().getEncoded(ASN1Encoding.DER));
        }
    }
}
