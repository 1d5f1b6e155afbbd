-- Counts of each folder (what IMAP STATUS and the webmail's folder list show), kept by the message store under
-- the folder row lock instead of counting stored_message rows on every read (170-270 ms at 100,000 messages).
ALTER TABLE mail_folder ADD COLUMN message_count BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE mail_folder ADD COLUMN unseen_count BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE mail_folder ADD COLUMN total_bytes BIGINT DEFAULT 0 NOT NULL;

-- the same recount as JpaMessageStore.recount
UPDATE mail_folder SET
    message_count = (SELECT COUNT(*) FROM stored_message s WHERE s.folder_id = mail_folder.id),
    unseen_count = (SELECT COUNT(*) FROM stored_message s WHERE s.folder_id = mail_folder.id AND s.flag_seen = FALSE),
    total_bytes = (SELECT COALESCE(SUM(s.size_bytes), 0) FROM stored_message s WHERE s.folder_id = mail_folder.id);
