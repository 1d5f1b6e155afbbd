package it.certmail.pec.transport.core;

import java.time.Instant;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.blob.domain.BlobRef;

/**
 * Port: sends a composed message on its way with the step's other effects: stored once, queued for our own
 * reception point (recipients in our domains) and for the relay (one piece of work per other domain). Nothing leaves
 * before the step commits.
 */
@FunctionalInterface
public interface Dispatch {

    /** @return the stored message (the queued work holds its references; the caller holds none) */
    BlobRef dispatch(MimeMessage message, String mailFrom, List<String> recipients, Instant now);
}
