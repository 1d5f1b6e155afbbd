package it.certmail.pec.crypto;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.smime.SMIMECapabilitiesAttribute;
import org.bouncycastle.asn1.smime.SMIMECapability;
import org.bouncycastle.asn1.smime.SMIMECapabilityVector;
import org.bouncycastle.cms.CMSAttributeTableGenerator;

/**
 * The signed attributes the observed providers emit (pec-spec §4.2): contentType, signingTime, messageDigest,
 * smimeCapabilities, and nothing else (BC's default generator would add cmsAlgorithmProtection).
 */
final class PecSignedAttributes implements CMSAttributeTableGenerator {

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("uuMMddHHmmss'Z'");
    private static final byte UTC_TIME_TAG = 0x17;

    private final Instant signingTime;

    PecSignedAttributes(Instant signingTime) {
        // UTCTime has one-second resolution
        this.signingTime = signingTime.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * The signingTime value as BouncyCastle's {@code new Time(Date)} encodes it (UTCTime for 1950-2049, else
     * GeneralizedTime), without the two {@code SimpleDateFormat}s it builds for every signature.
     */
    static ASN1Encodable signingTimeValue(Instant time) {
        ZonedDateTime utc = time.atZone(ZoneOffset.UTC);
        if (utc.getYear() < 1950 || utc.getYear() > 2049) {
            return new Time(Date.from(time));
        }
        byte[] text = UTC_TIME.format(utc).getBytes(StandardCharsets.US_ASCII);
        byte[] der = new byte[text.length + 2];
        der[0] = UTC_TIME_TAG;
        der[1] = (byte) text.length;
        System.arraycopy(text, 0, der, 2, text.length);
        return ASN1UTCTime.getInstance(der);
    }

    @Override
    public AttributeTable getAttributes(Map params) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new Attribute(CMSAttributes.contentType,
                new DERSet((ASN1ObjectIdentifier) params.get(CMSAttributeTableGenerator.CONTENT_TYPE))));
        v.add(new Attribute(CMSAttributes.signingTime, new DERSet(signingTimeValue(signingTime))));
        v.add(new Attribute(CMSAttributes.messageDigest,
                new DERSet(new DEROctetString((byte[]) params.get(CMSAttributeTableGenerator.DIGEST)))));
        SMIMECapabilityVector caps = new SMIMECapabilityVector();
        caps.addCapability(SMIMECapability.aES256_CBC);
        caps.addCapability(SMIMECapability.aES128_CBC);
        caps.addCapability(SMIMECapability.dES_EDE3_CBC);
        v.add(new SMIMECapabilitiesAttribute(caps));
        return new AttributeTable(v);
    }
}
