-- Recesso (holder-withdrawn): a withdrawn mailbox is no longer closed at once; it stays in the WITHDRAWN phase,
-- closed to mail but downloadable from the holder's area, until the lifecycle job deletes it 30 days later
-- (LifecyclePhase.WITHDRAWN). The same statements run on H2 and PostgreSQL.
ALTER TABLE subscription DROP CONSTRAINT ck_subscription_phase;
ALTER TABLE subscription ADD CONSTRAINT ck_subscription_phase CHECK (phase IN ('ACTIVE', 'PAYMENT_RETRY', 'GRACE',
    'DISABLED', 'RECEPTION_ONLY', 'CESSATION', 'WITHDRAWN', 'CLOSED'));
