-- Holder's area (issue 13): the documents a holder downloads. Kept by address as text, as invoices are: they
-- outlive a purged mailbox.
CREATE SEQUENCE holder_contract_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE holder_log_extract_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE holder_document_download_seq START WITH 50 INCREMENT BY 50;

-- The contract PDF, generated once from the template and returned as stored ever after.
CREATE TABLE holder_contract (
    id                 BIGINT        NOT NULL PRIMARY KEY,
    mailbox_address    VARCHAR(320)  NOT NULL,
    conditions_version VARCHAR(40)   NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    pdf                BYTEA         NOT NULL,
    -- hex SHA-256 of pdf, shown on the page so a copy can be compared
    sha256             VARCHAR(64)   NOT NULL,
    CONSTRAINT uq_holder_contract_mailbox UNIQUE (mailbox_address)
);

-- An official-log extract as requested: the PDF and the provider's detached CMS signature over it.
CREATE TABLE holder_log_extract (
    id              BIGINT        NOT NULL PRIMARY KEY,
    mailbox_address VARCHAR(320)  NOT NULL,
    requested_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    period_from     TIMESTAMP WITH TIME ZONE NOT NULL,
    period_to       TIMESTAMP WITH TIME ZONE NOT NULL,
    entries         INTEGER       NOT NULL,
    pdf             BYTEA         NOT NULL,
    signature       BYTEA         NOT NULL
);
CREATE INDEX ix_holder_log_extract_mailbox ON holder_log_extract (mailbox_address, requested_at);

-- Every download of an invoice, the contract, an extract or its signature: what, which one, when.
CREATE TABLE holder_document_download (
    id              BIGINT        NOT NULL PRIMARY KEY,
    mailbox_address VARCHAR(320)  NOT NULL,
    document        VARCHAR(20)   NOT NULL,
    reference       VARCHAR(64)   NOT NULL,
    downloaded_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_holder_document_download_mailbox ON holder_document_download (mailbox_address, downloaded_at);
