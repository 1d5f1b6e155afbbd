-- A message's bytes (one chunk per blob up to 1 MiB) stay in the chunk's own row when they fit in a page once
-- compressed, instead of going to the TOAST table in pieces (an insert there per 2 KB and its index entries): the
-- chunk INSERT was the costliest statement per PEC message after the deposit. Rows written before keep their place.
ALTER TABLE message_blob_chunk ALTER COLUMN data SET STORAGE MAIN;
ALTER TABLE message_blob_chunk SET (toast_tuple_target = 8160);
