package it.certmail.pec.crypto;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
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

    private final Date signingTime;

    PecSignedAttributes(Instant signingTime) {
        // UTCTime has one-second resolution
        this.signingTime = Date.from(signingTime.truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public AttributeTable getAttributes(Map params) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new Attribute(CMSAttributes.contentType,
                new DERSet((ASN1ObjectIdentifier) params.get(CMSAttributeTableGenerator.CONTENT_TYPE))));
        v.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(signingTime))));
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
