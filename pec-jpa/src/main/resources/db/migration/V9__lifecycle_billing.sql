-- Mailbox lifecycle, plans and billing. Portable SQL (H2 2.2 default mode, PostgreSQL 15); JPA ids from
-- sequences starting at 50, step 50 (as V1). Plans and add-on prices are data: admins edit them and add more;
-- the rows below are the presets the catalog ships (billing.domain.PriceList.presets(), checked by a test).
-- Orders, invoices and payments keep the address and the holder as text, not a foreign key: they outlive a
-- purged mailbox (invoices are kept ten years).
CREATE SEQUENCE subscription_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE subscription_addon_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE discount_code_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE purchase_order_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE invoice_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE payment_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE lifecycle_step_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE notice_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE plan (
    code                     VARCHAR(64)   NOT NULL PRIMARY KEY,
    name                     VARCHAR(255)  NOT NULL,
    -- PeriodUnit: MONTHS or YEARS; a period is period_length units
    period_unit              VARCHAR(8)    NOT NULL,
    period_length            INTEGER       NOT NULL,
    -- whether 1..5 periods can be bought at once (renewal terms of 1 to 5 years)
    multi_year               BOOLEAN       NOT NULL,
    -- net of VAT, per period, euro cents
    price_cents              BIGINT        NOT NULL,
    vat_bps                  INTEGER       DEFAULT 2200 NOT NULL,
    space_bytes              BIGINT        NOT NULL,
    archive_bytes            BIGINT        DEFAULT 0 NOT NULL,
    -- AddOnKind names allowed, comma-separated
    addons                   VARCHAR(200)  DEFAULT '' NOT NULL,
    -- LifecyclePolicy
    expiry_mode              VARCHAR(32)   NOT NULL,
    charge_lead_days         INTEGER       NOT NULL,
    retry_days               INTEGER       NOT NULL,
    grace_days               INTEGER       NOT NULL,
    purge_days               INTEGER       NOT NULL,
    cessation_days           INTEGER       NOT NULL,
    final_notice_days        INTEGER       NOT NULL,
    delete_archive_on_expiry BOOLEAN       NOT NULL,
    -- false: kept for the mailboxes that have it, not sold any more
    on_sale                  BOOLEAN       DEFAULT TRUE NOT NULL,
    version                  BIGINT        DEFAULT 0 NOT NULL,
    CONSTRAINT ck_plan_unit CHECK (period_unit IN ('MONTHS', 'YEARS')),
    CONSTRAINT ck_plan_mode CHECK (expiry_mode IN ('SUPER_RECEPTION', 'RECEPTION_ONLY', 'CESSATION')),
    CONSTRAINT ck_plan_amounts CHECK (period_length > 0 AND price_cents >= 0 AND space_bytes > 0 AND archive_bytes >= 0)
);

INSERT INTO plan (code, name, period_unit, period_length, multi_year, price_cents, vat_bps, space_bytes, archive_bytes,
        addons, expiry_mode, charge_lead_days, retry_days, grace_days, purge_days, cessation_days, final_notice_days,
        delete_archive_on_expiry) VALUES
    ('standard', 'PEC Standard', 'YEARS', 1, TRUE, 500, 2200, 1073741824, 0,
        'EXTRA_GB,SMS_NOTIFICATIONS', 'SUPER_RECEPTION', 7, 7, 90, 7, 0, 0, FALSE),
    ('pro', 'PEC Pro', 'YEARS', 1, TRUE, 2500, 2200, 2147483648, 3221225472,
        'EXTRA_GB,ARCHIVE_GB,USER_SEAT,SMS_NOTIFICATIONS', 'SUPER_RECEPTION', 7, 7, 90, 7, 0, 0, FALSE),
    ('premium', 'PEC Premium', 'YEARS', 1, TRUE, 4000, 2200, 2147483648, 8589934592,
        'EXTRA_GB,ARCHIVE_GB,USER_SEAT,SMS_NOTIFICATIONS', 'SUPER_RECEPTION', 7, 7, 90, 7, 0, 0, FALSE),
    ('classic-1y', 'PEC Classic 1 anno', 'YEARS', 1, FALSE, 600, 2200, 1073741824, 1073741824,
        'EXTRA_GB,ARCHIVE_GB,USER_SEAT,SMS_NOTIFICATIONS', 'RECEPTION_ONLY', 7, 7, 0, 0, 0, 0, TRUE),
    ('classic-2y', 'PEC Classic 2 anni', 'YEARS', 2, FALSE, 1100, 2200, 1073741824, 1073741824,
        'EXTRA_GB,ARCHIVE_GB,USER_SEAT,SMS_NOTIFICATIONS', 'RECEPTION_ONLY', 7, 7, 0, 0, 0, 0, TRUE),
    ('classic-3y', 'PEC Classic 3 anni', 'YEARS', 3, FALSE, 1500, 2200, 1073741824, 1073741824,
        'EXTRA_GB,ARCHIVE_GB,USER_SEAT,SMS_NOTIFICATIONS', 'RECEPTION_ONLY', 7, 7, 0, 0, 0, 0, TRUE),
    ('monthly', 'PEC Mensile', 'MONTHS', 1, FALSE, 99, 2200, 2147483648, 0,
        'SMS_NOTIFICATIONS', 'CESSATION', 0, 15, 0, 0, 30, 5, FALSE),
    ('annual', 'PEC Annuale', 'YEARS', 1, FALSE, 999, 2200, 1073741824, 0,
        'EXTRA_GB,SMS_NOTIFICATIONS', 'CESSATION', 0, 15, 0, 0, 30, 5, FALSE);

-- yearly price of one unit of each add-on, net of VAT
CREATE TABLE addon_price (
    kind               VARCHAR(32) NOT NULL PRIMARY KEY,
    yearly_price_cents BIGINT      NOT NULL,
    CONSTRAINT ck_addon_price CHECK (yearly_price_cents >= 0)
);

INSERT INTO addon_price (kind, yearly_price_cents) VALUES
    ('EXTRA_GB', 600), ('ARCHIVE_GB', 300), ('USER_SEAT', 1200), ('SMS_NOTIFICATIONS', 240);

-- One per mailbox: its plan, payment method and lifecycle facts (LifecycleFacts). next_step / next_step_at are
-- what LifecycleMachine.next says, rewritten with every change, so the jobs find due work with one index scan.
CREATE TABLE subscription (
    id                BIGINT        NOT NULL PRIMARY KEY,
    mailbox_id        BIGINT        NOT NULL,
    plan_code         VARCHAR(64)   NOT NULL,
    -- periods bought at each renewal (1..5 on multi-year plans)
    term_years        INTEGER       DEFAULT 1 NOT NULL,
    auto_renew        BOOLEAN       NOT NULL,
    payment_token     VARCHAR(255),
    -- mobile number for SMS alerts (failed charges); NULL: they go by e-mail
    alert_phone       VARCHAR(32),
    activated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    -- periods are counted from the anchor, so a charge falls on the same day of each period
    anchor_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    paid_months       INTEGER       NOT NULL,
    phase             VARCHAR(32)   NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE,
    failed_charges    INTEGER       DEFAULT 0 NOT NULL,
    first_failed_at   TIMESTAMP WITH TIME ZONE,
    last_charge_at    TIMESTAMP WITH TIME ZONE,
    cessation_ends_at TIMESTAMP WITH TIME ZONE,
    final_notice_sent BOOLEAN       DEFAULT FALSE NOT NULL,
    phase_since       TIMESTAMP WITH TIME ZONE NOT NULL,
    next_step         VARCHAR(32),
    next_step_at      TIMESTAMP WITH TIME ZONE,
    version           BIGINT        DEFAULT 0 NOT NULL,
    CONSTRAINT uk_subscription_mailbox UNIQUE (mailbox_id),
    CONSTRAINT fk_subscription_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (id) ON DELETE CASCADE,
    CONSTRAINT fk_subscription_plan FOREIGN KEY (plan_code) REFERENCES plan (code),
    CONSTRAINT ck_subscription_phase CHECK (phase IN ('ACTIVE', 'PAYMENT_RETRY', 'GRACE', 'DISABLED',
        'RECEPTION_ONLY', 'CESSATION', 'CLOSED'))
);

CREATE INDEX ix_subscription_next_step ON subscription (next_step_at);

-- Add-ons bought mid-term; they end with the period they were bought in.
CREATE TABLE subscription_addon (
    id              BIGINT      NOT NULL PRIMARY KEY,
    subscription_id BIGINT      NOT NULL,
    kind            VARCHAR(32) NOT NULL,
    units           INTEGER     NOT NULL,
    bought_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    order_id        BIGINT,
    CONSTRAINT fk_subscription_addon_subscription FOREIGN KEY (subscription_id) REFERENCES subscription (id)
        ON DELETE CASCADE,
    CONSTRAINT ck_subscription_addon_units CHECK (units > 0)
);

CREATE INDEX ix_subscription_addon_subscription ON subscription_addon (subscription_id);

CREATE TABLE discount_code (
    id          BIGINT       NOT NULL PRIMARY KEY,
    -- upper-case
    code        VARCHAR(64)  NOT NULL,
    -- DiscountKind: PERCENT (value in basis points) or AMOUNT (value in cents)
    kind        VARCHAR(16)  NOT NULL,
    discount_value BIGINT    NOT NULL,
    valid_from  TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_until TIMESTAMP WITH TIME ZONE,
    -- plan codes, comma-separated; empty: every plan
    plans       VARCHAR(500) DEFAULT '' NOT NULL,
    -- NULL: unlimited; 1: single use
    max_uses    INTEGER,
    times_used  INTEGER      DEFAULT 0 NOT NULL,
    version     BIGINT       DEFAULT 0 NOT NULL,
    CONSTRAINT uk_discount_code UNIQUE (code),
    CONSTRAINT ck_discount_code_kind CHECK (kind IN ('PERCENT', 'AMOUNT'))
);

CREATE TABLE purchase_order (
    id              BIGINT       NOT NULL PRIMARY KEY,
    mailbox_address VARCHAR(320) NOT NULL,
    holder_name     VARCHAR(255) NOT NULL,
    -- OrderKind
    kind            VARCHAR(16)  NOT NULL,
    plan_code       VARCHAR(64),
    description     VARCHAR(500) NOT NULL,
    net_cents       BIGINT       NOT NULL,
    discount_code   VARCHAR(64),
    discount_cents  BIGINT       DEFAULT 0 NOT NULL,
    taxable_cents   BIGINT       NOT NULL,
    vat_bps         INTEGER      NOT NULL,
    vat_cents       BIGINT       NOT NULL,
    total_cents     BIGINT       NOT NULL,
    -- the payment that settled it; NULL when free
    payment_ref     VARCHAR(100),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_purchase_order_mailbox ON purchase_order (mailbox_address);

-- Gapless per year: the counter row is locked and bumped in the transaction that writes the invoice.
CREATE TABLE invoice_counter (
    fiscal_year   INTEGER NOT NULL PRIMARY KEY,
    last_sequence BIGINT  NOT NULL
);

CREATE TABLE invoice (
    id              BIGINT       NOT NULL PRIMARY KEY,
    order_id        BIGINT       NOT NULL,
    fiscal_year     INTEGER      NOT NULL,
    sequence_number BIGINT       NOT NULL,
    -- 2026/000001
    invoice_number  VARCHAR(20)  NOT NULL,
    issued_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    holder_name     VARCHAR(255) NOT NULL,
    mailbox_address VARCHAR(320) NOT NULL,
    taxable_cents   BIGINT       NOT NULL,
    vat_bps         INTEGER      NOT NULL,
    vat_cents       BIGINT       NOT NULL,
    total_cents     BIGINT       NOT NULL,
    CONSTRAINT uk_invoice_number UNIQUE (fiscal_year, sequence_number),
    CONSTRAINT uk_invoice_order UNIQUE (order_id),
    CONSTRAINT fk_invoice_order FOREIGN KEY (order_id) REFERENCES purchase_order (id)
);

-- Every charge attempt. The idempotency key (mailbox, period, attempt) is also given to the gateway, so a run
-- that dies between the gateway's answer and the commit charges nothing twice when it runs again.
CREATE TABLE payment (
    id              BIGINT       NOT NULL PRIMARY KEY,
    idempotency_key VARCHAR(200) NOT NULL,
    mailbox_address VARCHAR(320) NOT NULL,
    amount_cents    BIGINT       NOT NULL,
    -- APPROVED or DECLINED
    outcome         VARCHAR(16)  NOT NULL,
    gateway_ref     VARCHAR(100),
    message         VARCHAR(500),
    attempted_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uk_payment_key UNIQUE (idempotency_key),
    CONSTRAINT ck_payment_outcome CHECK (outcome IN ('APPROVED', 'DECLINED'))
);

-- Steps done, one row per mailbox, period and step (and attempt): written in the step's own transaction, so
-- a job that restarts mid-run never does a step twice.
CREATE TABLE lifecycle_step (
    id         BIGINT       NOT NULL PRIMARY KEY,
    mailbox_id BIGINT       NOT NULL,
    -- '<period end>/<step>[#attempt]', or '<kind>/<deadline>/<days>' for reminders
    step_key   VARCHAR(200) NOT NULL,
    step       VARCHAR(32)  NOT NULL,
    done_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    detail     VARCHAR(500),
    CONSTRAINT uk_lifecycle_step UNIQUE (mailbox_id, step_key),
    CONSTRAINT fk_lifecycle_step_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (id) ON DELETE CASCADE
);

-- Notices to holders (outbox): written with the step that causes them, sent by the notices job.
CREATE TABLE notice (
    id              BIGINT        NOT NULL PRIMARY KEY,
    mailbox_address VARCHAR(320)  NOT NULL,
    -- EMAIL (reference address, via the smarthost), SMS, PEC (into the mailbox)
    channel         VARCHAR(8)    NOT NULL,
    recipient       VARCHAR(320)  NOT NULL,
    subject         VARCHAR(255)  NOT NULL,
    body            VARCHAR(4000) NOT NULL,
    dedupe_key      VARCHAR(400)  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at         TIMESTAMP WITH TIME ZONE,
    attempts        INTEGER       DEFAULT 0 NOT NULL,
    last_error      VARCHAR(500),
    CONSTRAINT uk_notice_dedupe UNIQUE (dedupe_key),
    CONSTRAINT ck_notice_channel CHECK (channel IN ('EMAIL', 'SMS', 'PEC'))
);

CREATE INDEX ix_notice_pending ON notice (sent_at, created_at);

-- A ceased address stays its holder's for 5 years: only they can have it again (empty).
CREATE TABLE address_reservation (
    address         VARCHAR(320) NOT NULL PRIMARY KEY,
    holder_name     VARCHAR(255) NOT NULL,
    reference_email VARCHAR(320),
    ceased_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    reserved_until  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- the web password may change once in 24 hours
ALTER TABLE mailbox ADD COLUMN web_password_set_at TIMESTAMP WITH TIME ZONE;
