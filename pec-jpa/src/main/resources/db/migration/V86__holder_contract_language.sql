-- Documents in the holder's language (holder-withdrawn): a mailbox's contract is kept once per language (it, en),
-- each returned byte for byte ever after. Contracts kept so far are the Italian ones. Same statements on H2 and
-- PostgreSQL.
ALTER TABLE holder_contract ADD COLUMN doc_language VARCHAR(2) DEFAULT 'it' NOT NULL;
ALTER TABLE holder_contract ADD CONSTRAINT ck_holder_contract_language CHECK (doc_language IN ('it', 'en'));
ALTER TABLE holder_contract DROP CONSTRAINT uq_holder_contract_mailbox;
ALTER TABLE holder_contract ADD CONSTRAINT uq_holder_contract_mailbox_language UNIQUE (mailbox_address, doc_language);
