-- An SMTP 250 promises the message survives a crash: H2 must write each commit at once (its default delays the log
-- by up to 500 ms, which lost acknowledged submissions under kill -9). The setting is persistent.
SET WRITE_DELAY 0;
