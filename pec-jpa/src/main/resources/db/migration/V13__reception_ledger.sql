-- What our reception point took charge of, per recipient. A sender whose connection or process died between our
-- 250 and recording it (its kill -9, a lost reply) sends the same bytes again: that copy is answered 250 as before
-- and files nothing, so a transmission is delivered, and a receipt filed, once. Kept for 7 days: a provider keeps
-- retrying for at most 24 hours (RFC 6109 §2.2.2).
CREATE TABLE reception_ledger (
    content_sha256  VARCHAR(64)   NOT NULL,
    recipient       VARCHAR(320)  NOT NULL,
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_reception_ledger PRIMARY KEY (content_sha256, recipient)
);
CREATE INDEX ix_reception_ledger_received ON reception_ledger (received_at);
