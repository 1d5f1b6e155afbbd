-- CA certificates of other providers trusted at run time (REST / console), shared by every node on this database.
-- pec.trust.anchors (a PEM file in each node's configuration) stays apart. Rows are only added; every node
-- re-reads them when COUNT(*) or MAX(added_at) changes.
CREATE TABLE peer_trust_anchor (
    sha256      CHAR(64)                 NOT NULL PRIMARY KEY,
    subject     VARCHAR(1000)            NOT NULL,
    pem         VARCHAR(65536)           NOT NULL,
    added_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    added_by    VARCHAR(64)              NOT NULL
);
