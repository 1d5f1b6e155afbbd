-- Mail domains, mailboxes, folders and the message store (architecture.md §2: our own store, in the database).
-- Portable SQL: runs unchanged on H2 2.2 (default mode) and PostgreSQL 15. Conventions as in V1: JPA ids come
-- from sequences starting at 50 and stepping by 50 (EclipseLink allocates blocks of 50 ending at the value read).
CREATE SEQUENCE mail_domain_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE mailbox_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE mail_folder_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE stored_message_seq START WITH 50 INCREMENT BY 50;
-- Drawn only by the JDBC BlobStore, one value per blob, never by JPA (MessageBlob has no generator).
CREATE SEQUENCE message_blob_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE mail_domain (
    id         BIGINT       NOT NULL PRIMARY KEY,
    -- lower-case
    name       VARCHAR(253) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uk_mail_domain_name UNIQUE (name)
);

CREATE TABLE mailbox (
    id                       BIGINT        NOT NULL PRIMARY KEY,
    -- lower-case local@domain
    address                  VARCHAR(320)  NOT NULL,
    domain_id                BIGINT        NOT NULL,
    holder_name              VARCHAR(255)  NOT NULL,
    reference_email          VARCHAR(320),
    -- Argon2id PHC strings
    web_password_hash        VARCHAR(255)  NOT NULL,
    client_password_hash     VARCHAR(255),
    client_password_set_at   TIMESTAMP WITH TIME ZONE,
    -- MailboxStatus name
    status                   VARCHAR(32)   NOT NULL,
    accept_ordinary_mail     BOOLEAN       DEFAULT TRUE NOT NULL,
    block_non_pec_recipients BOOLEAN       DEFAULT FALSE NOT NULL,
    quota_bytes              BIGINT        DEFAULT 1073741824 NOT NULL,
    used_bytes               BIGINT        DEFAULT 0 NOT NULL,
    plan                     VARCHAR(64),
    created_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at               TIMESTAMP WITH TIME ZONE,
    version                  BIGINT        DEFAULT 0 NOT NULL,
    CONSTRAINT uk_mailbox_address UNIQUE (address),
    CONSTRAINT fk_mailbox_domain FOREIGN KEY (domain_id) REFERENCES mail_domain (id)
);

CREATE INDEX ix_mailbox_domain ON mailbox (domain_id);

CREATE TABLE mail_folder (
    id             BIGINT       NOT NULL PRIMARY KEY,
    mailbox_id     BIGINT       NOT NULL,
    name           VARCHAR(255) NOT NULL,
    -- RFC 6154 attribute (\Sent, \Drafts, \Trash, \Archive) or NULL
    special_use    VARCHAR(16),
    uid_validity   BIGINT       NOT NULL,
    -- the UID the next message will get; UIDs only grow (RFC 3501 §2.3.1.1)
    uid_next       BIGINT       DEFAULT 1 NOT NULL,
    highest_modseq BIGINT       DEFAULT 0 NOT NULL,
    subscribed     BOOLEAN      DEFAULT TRUE NOT NULL,
    CONSTRAINT uk_mail_folder_name UNIQUE (mailbox_id, name),
    CONSTRAINT fk_mail_folder_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (id) ON DELETE CASCADE
);

-- Message bytes exactly as received, content-addressed: identical content is stored once.
CREATE TABLE message_blob (
    id          BIGINT      NOT NULL PRIMARY KEY,
    -- lower-case hex SHA-256 of the bytes; 'pending-<id>' while the bytes are being written
    sha256      VARCHAR(64) NOT NULL,
    size_bytes  BIGINT      NOT NULL,
    chunk_count INTEGER     NOT NULL,
    -- holders: stored messages plus queue entries that still need the bytes
    ref_count   INTEGER     NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uk_message_blob_sha256 UNIQUE (sha256)
);

-- At most 1 MiB per row: pgjdbc materialises a whole bytea value, so big messages are streamed as rows.
CREATE TABLE message_blob_chunk (
    blob_id BIGINT  NOT NULL,
    seq     INTEGER NOT NULL,
    data    BYTEA   NOT NULL,
    CONSTRAINT pk_message_blob_chunk PRIMARY KEY (blob_id, seq),
    CONSTRAINT fk_message_blob_chunk_blob FOREIGN KEY (blob_id) REFERENCES message_blob (id) ON DELETE CASCADE
);

CREATE TABLE stored_message (
    id                       BIGINT        NOT NULL PRIMARY KEY,
    folder_id                BIGINT        NOT NULL,
    uid                      BIGINT        NOT NULL,
    blob_id                  BIGINT        NOT NULL,
    size_bytes               BIGINT        NOT NULL,
    internal_date            TIMESTAMP WITH TIME ZONE NOT NULL,
    flag_seen                BOOLEAN       DEFAULT FALSE NOT NULL,
    flag_answered            BOOLEAN       DEFAULT FALSE NOT NULL,
    flag_flagged             BOOLEAN       DEFAULT FALSE NOT NULL,
    flag_deleted             BOOLEAN       DEFAULT FALSE NOT NULL,
    flag_draft               BOOLEAN       DEFAULT FALSE NOT NULL,
    -- IMAP keywords, space-separated, NULL when none
    keywords                 VARCHAR(1000),
    modseq                   BIGINT        NOT NULL,
    subject                  VARCHAR(1000),
    message_id               VARCHAR(998),
    x_riferimento_message_id VARCHAR(998),
    -- PecMessageKind name, 'ORDINARY', or NULL when unknown
    pec_kind                 VARCHAR(40),
    from_address             VARCHAR(320),
    CONSTRAINT uk_stored_message_folder_uid UNIQUE (folder_id, uid),
    CONSTRAINT fk_stored_message_folder FOREIGN KEY (folder_id) REFERENCES mail_folder (id) ON DELETE CASCADE,
    CONSTRAINT fk_stored_message_blob FOREIGN KEY (blob_id) REFERENCES message_blob (id)
);

CREATE INDEX ix_stored_message_blob ON stored_message (blob_id);
CREATE INDEX ix_stored_message_x_riferimento ON stored_message (x_riferimento_message_id);
