/**
 * The provider's key material and S/MIME: local CA, signing and TLS certificates (RFC 6109 §5.5
 * profile), PKCS#12 storage, CMS signing and verification. BouncyCastle; never the container.
 */
package it.certmail.pec.crypto;
