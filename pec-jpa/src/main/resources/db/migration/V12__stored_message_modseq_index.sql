-- An IDLE or NOOP refresh asks for the messages of one folder changed since the modseq it knows
-- (JpaMessageStore.scanFlags): without this index that is a walk over every row of the folder, for every refresh
-- of every session on it.
CREATE INDEX ix_stored_message_folder_modseq ON stored_message (folder_id, modseq);
