-- Local copy of the providers' index (indice dei gestori, IGPEC, RFC 6109 §4.5).
-- Portable SQL: runs unchanged on H2 2.2 (default mode) and PostgreSQL 15.
--
-- Keys come from sequences (JPA GenerationType.SEQUENCE, allocationSize 50), not identity columns:
-- EclipseLink 4.0.7's H2Platform reads identity values with CALL IDENTITY(), which H2 2.x removed.
-- EclipseLink treats each value read from a sequence as the LAST id of a block of 50, so the
-- sequences start at 50 (first block 1..50) and step by 50.
CREATE SEQUENCE provider_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE provider_certificate_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE provider_domain_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE provider (
    id                BIGINT        NOT NULL PRIMARY KEY,
    name              VARCHAR(255)  NOT NULL,
    -- '' on the main record: NULLs would be distinct in the unique constraint below
    provider_unit     VARCHAR(255)  NOT NULL,
    mail_receipt      VARCHAR(320)  NOT NULL,
    ldif_location_url VARCHAR(2048),
    description       VARCHAR(4000),
    imported_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uk_provider_name_unit UNIQUE (name, provider_unit)
);

CREATE TABLE provider_certificate (
    id          BIGINT      NOT NULL PRIMARY KEY,
    provider_id BIGINT      NOT NULL,
    -- SHA-1 over the DER, 40 uppercase hex digits (providerCertificateHash)
    sha1_hash   VARCHAR(40) NOT NULL,
    der         BYTEA       NOT NULL,
    list_order  INTEGER     NOT NULL,
    CONSTRAINT uk_provider_certificate_hash UNIQUE (sha1_hash),
    CONSTRAINT fk_provider_certificate_provider FOREIGN KEY (provider_id) REFERENCES provider (id) ON DELETE CASCADE
);

CREATE INDEX ix_provider_certificate_provider ON provider_certificate (provider_id);

CREATE TABLE provider_domain (
    id          BIGINT       NOT NULL PRIMARY KEY,
    provider_id BIGINT       NOT NULL,
    -- lower-case (managedDomains is caseIgnoreIA5Match)
    domain_name VARCHAR(253) NOT NULL,
    CONSTRAINT uk_provider_domain_name UNIQUE (domain_name),
    CONSTRAINT fk_provider_domain_provider FOREIGN KEY (provider_id) REFERENCES provider (id) ON DELETE CASCADE
);

CREATE INDEX ix_provider_domain_provider ON provider_domain (provider_id);
