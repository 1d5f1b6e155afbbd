-- webmail-send: a mailbox's sent messages, newest first (the receipts page), without scanning every transmission
CREATE INDEX ix_transmission_sender_accepted ON transmission (sender, accepted_at);
