-- Whether a delivery into this mailbox's INBOX must look at the holder's settings (rules on incoming mail, new-PEC
-- alerts, automatic archiving). Read with the mailbox row the delivery reads anyway: a mailbox without any of
-- them costs no further query. Kept by JpaMailSettings whenever one of those settings changes.
ALTER TABLE mailbox ADD COLUMN delivery_sorting BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE mailbox SET delivery_sorting = TRUE
 WHERE id IN (SELECT mailbox_id FROM mail_rule)
    OR id IN (SELECT mailbox_id FROM new_mail_alert WHERE emails <> '' OR mobiles <> '')
    OR id IN (SELECT mailbox_id FROM auto_archive WHERE kinds <> '');
