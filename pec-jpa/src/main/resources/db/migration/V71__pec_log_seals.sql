-- One row per chained UTC day of the registro: its chain's head while the day is open (chained, last_hash), and
-- its seal once closed (sealed_at, previous_seal, seal_signature: a detached CMS, Base64, by the provider's key
-- over DaySeal.content()). Kept when retention drops the day's entries (entries_dropped).
CREATE TABLE pec_log_day (
    log_day         DATE          NOT NULL PRIMARY KEY,
    chained         BIGINT        NOT NULL,
    last_hash       VARCHAR(64)   NOT NULL,
    sealed_at       TIMESTAMP WITH TIME ZONE,
    previous_seal   VARCHAR(64),
    seal_signature  VARCHAR(20000),
    entries_dropped BOOLEAN       DEFAULT FALSE NOT NULL
);

-- One row: whoever chains or seals holds it (SELECT ... FOR UPDATE) until its transaction ends, on every node.
CREATE TABLE pec_log_chain_lock (id INTEGER NOT NULL PRIMARY KEY);
INSERT INTO pec_log_chain_lock (id) VALUES (1);
