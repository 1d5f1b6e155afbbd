-- A recipient whose 12 h / 24 h notice could not be made is held on its own: why, and how many failures in a row
-- (the wait before the next attempt grows with them); the timeouts job goes on with the others.
ALTER TABLE recipient_tracking ADD COLUMN notice_error VARCHAR(4000);
ALTER TABLE recipient_tracking ADD COLUMN notice_failures INTEGER DEFAULT 0 NOT NULL;
