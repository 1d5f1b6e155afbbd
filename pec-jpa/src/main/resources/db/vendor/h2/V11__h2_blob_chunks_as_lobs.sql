-- H2 keeps an uncommitted transaction's inline values in memory and writes them as one store chunk at commit: a
-- 100 MB message (100 chunk rows of 1 MiB) ran a 512 MB heap out of memory there and left the store broken until
-- restart. As BLOBs the chunk bytes go to H2's LOB storage in small pieces, streamed; JDBC setBytes/getBytes work
-- the same. PostgreSQL's bytea rows have no such limit.
ALTER TABLE message_blob_chunk ALTER COLUMN data SET DATA TYPE BLOB;
ALTER TABLE message_blob_chunk ALTER COLUMN data SET NOT NULL;
