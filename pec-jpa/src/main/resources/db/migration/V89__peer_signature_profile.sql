-- The signature profile chosen for one peer provider of the index (issue 17), keyed by its identity in the index
-- (providerName and providerUnit, lower-case, '' for the main record) and not by the provider row: an index
-- reload (LDIF import) updates or replaces those rows, the choice stays. Without a row the global
-- pec.signature.profile applies. Portable SQL.
CREATE TABLE peer_signature_profile (
    provider_name  VARCHAR(255) NOT NULL,
    provider_unit  VARCHAR(255) NOT NULL,
    profile        VARCHAR(16)  NOT NULL,
    chosen_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_peer_signature_profile PRIMARY KEY (provider_name, provider_unit),
    CONSTRAINT ck_peer_signature_profile CHECK (profile IN ('sha256', 'legacy'))
);
