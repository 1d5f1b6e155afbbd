-- The PostgreSQL twin of this version adds triggers that refuse UPDATE and DELETE on audit_record. H2's triggers
-- are Java classes; the embedded default relies on the code having no update or delete path (AuditTrail).
COMMENT ON TABLE audit_record IS 'append-only: rows are only inserted';
