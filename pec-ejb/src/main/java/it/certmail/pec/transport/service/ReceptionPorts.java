package it.certmail.pec.transport.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.domain.BlobReference;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.service.Registro;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.service.MailboxDeposits;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.mailbox.service.MessageStoreService;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.service.VerificationService;
import it.certmail.pec.transport.core.BlobAccess;
import it.certmail.pec.transport.core.NoticeRoute;
import it.certmail.pec.transport.core.ProviderIdentity;
import it.certmail.pec.transport.core.ReceivingMailboxes;
import it.certmail.pec.transport.core.ReceptionPoint;
import it.certmail.pec.transport.core.VirusCheck;
import it.certmail.pec.transport.model.QuarantinedMessage;

/**
 * The adapters of the {@link ReceptionPoint}'s ports over the container's services: each one a plain delegation,
 * so the reception point runs inside the caller's transaction exactly as the services do.
 */
final class ReceptionPorts {

    private static final String INBOX = "INBOX";

    private ReceptionPorts() {
    }

    /**
     * {@code blobs} and {@code registro} are plain objects the shell took once from the services: the reception
     * point calls them directly inside the shell's transaction, no EJB call per blob or log entry.
     */
    static ReceptionPoint receptionPoint(BlobStore blobs, Registro registro, PecComposers composers,
            VerificationService verification, MailboxService mailboxes, MessageStoreService store,
            NoticeFiling notices, TrackingService tracking, Antivirus antivirus, PlatformSettings settings) {
        return new ReceptionPoint(blobs(blobs), mailboxes(store, mailboxes), notices(notices),
                verification::verify, tracking::lockTransmission, registro::record, virusCheck(antivirus),
                composers::composer, identity(settings));
    }

    /** The blob store as the points' port: called directly, inside the caller's transaction when there is one. */
    static BlobAccess blobs(BlobStore blobs) {
        return new BlobAccess() {
            @Override
            public Optional<BlobRef> find(long blobId) {
                return blobs.find(blobId);
            }

            @Override
            public InputStream open(long blobId) {
                return blobs.open(blobId);
            }

            @Override
            public BlobRef store(Spool bytes) {
                try {
                    return blobs.store(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void release(long blobId) {
                blobs.release(blobId);
            }

            @Override
            public void release(long blobId, int holders) {
                blobs.release(blobId, holders);
            }
        };
    }

    /** The deposits are taken once from the store and called directly: no EJB call per deposit. */
    static ReceivingMailboxes mailboxes(MessageStoreService store, MailboxService mailboxes) {
        MailboxDeposits deposits = store.deposits();
        return new ReceivingMailboxes() {
            @Override
            public boolean deliverIfReceiving(String mailbox, BlobRef blob, MessageSummary summary, Instant now)
                    throws MailboxNotFoundException {
                return deposits.deliverIfReceiving(mailbox, INBOX, blob, summary, List.of(), now, BlobReference.NEW)
                        .isPresent();
            }

            @Override
            public boolean deliverIfReceivingWithCallersReference(String mailbox, BlobRef blob,
                    MessageSummary summary, Instant now) throws MailboxNotFoundException {
                return deposits.deliverIfReceiving(mailbox, INBOX, blob, summary, List.of(), now,
                        BlobReference.CALLERS).isPresent();
            }

            @Override
            public void deliver(String mailbox, BlobRef blob, MessageSummary summary, Instant now)
                    throws MailboxNotFoundException {
                store.deliver(mailbox, INBOX, blob, summary, List.of(), now);
            }

            @Override
            public Optional<Standing> standing(String mailbox) {
                return mailboxes.findMailbox(mailbox)
                        .map(m -> new Standing(m.status().canReceive(), m.acceptOrdinaryMail()));
            }
        };
    }

    static NoticeRoute notices(NoticeFiling notices) {
        return new NoticeRoute() {
            @Override
            public void send(MimeMessage notice, PecMessageKind kind, List<String> recipients, Instant now)
                    throws MessagingException {
                notices.send(notice, kind, recipients, now);
            }

            @Override
            public void file(List<String> recipients, BlobRef blob, MessageSummary summary, PecMessageKind kind,
                    Daticert d, String provider, Instant now) throws MessagingException {
                notices.file(recipients, blob, summary, kind, d, provider, now);
            }

            @Override
            public boolean deposit(String rcpt, BlobRef blob, MessageSummary summary, Instant now) {
                return notices.deposit(rcpt, blob, summary, now);
            }
        };
    }

    static VirusCheck virusCheck(Antivirus antivirus) {
        return new VirusCheck() {
            @Override
            public Optional<String> virusIn(Spool message, Function<String, LogEvent> unscannedEntry)
                    throws IOException {
                return antivirus.virusIn(message, unscannedEntry);
            }

            @Override
            public void quarantine(BlobRef blob, String virus, Origin origin, String msgid, String sender,
                    Instant now) {
                antivirus.quarantine(blob, virus, QuarantinedMessage.Origin.valueOf(origin.name()), msgid, sender,
                        now);
            }
        };
    }

    static ProviderIdentity identity(PlatformSettings settings) {
        return new ProviderIdentity() {
            @Override
            public String providerName() {
                return settings.providerName();
            }

            @Override
            public String serviceAddress() {
                return settings.serviceAddress();
            }
        };
    }
}
