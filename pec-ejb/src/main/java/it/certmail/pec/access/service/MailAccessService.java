package it.certmail.pec.access.service;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.access.domain.AppendResult;
import it.certmail.pec.access.domain.CopyResult;
import it.certmail.pec.access.domain.FlagOperation;
import it.certmail.pec.access.domain.FlagUpdate;
import it.certmail.pec.access.domain.FolderChanges;
import it.certmail.pec.access.domain.FolderIndex;
import it.certmail.pec.access.domain.FolderInfo;
import it.certmail.pec.access.domain.FolderStatus;
import it.certmail.pec.access.domain.LoginOutcome;
import it.certmail.pec.access.domain.MailAccess;
import it.certmail.pec.access.domain.MailAccessException;
import it.certmail.pec.access.domain.MessageListing;
import it.certmail.pec.access.domain.MessageMeta;
import it.certmail.pec.access.domain.MessageQuery;
import it.certmail.pec.access.domain.QuotaUsage;
import it.certmail.pec.access.infra.JpaMailAccess;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.mailbox.service.ClientCredentials;
import it.certmail.pec.mailbox.service.MailboxChanged;
import it.certmail.pec.platform.service.DataDiskSpace;

/**
 * Accesso client alla casella: the store as IMAP and POP3 sessions use it. Each method is one transaction
 * (REQUIRED); the login runs without one (the Argon2id check must not hold a connection) and reading bytes
 * streams chunks on connections of their own. Changes fire {@link MailboxChanged}, seen by IDLE after the commit.
 * Refusals are checked {@link MailAccessException}s, which do not roll back (nothing was written).
 */
@Stateless
@LocalBean
public class MailAccessService implements MailAccess {

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Resource(lookup = "jdbc/pec")
    DataSource dataSource;

    @Inject
    ClientCredentials credentials;

    @Inject
    Clock clock;

    @Inject
    Event<MailboxChanged> changes;

    @Inject
    DataDiskSpace disk;

    private JpaMailAccess access() {
        return new JpaMailAccess(em, new BlobStore(dataSource, clock), credentials.passwords(), clock);
    }

    private void changed(String address) {
        changes.fire(new MailboxChanged(address));
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public LoginOutcome login(String user, String password) {
        return access().login(user, password);
    }

    @Override
    public List<FolderInfo> folders(String address) throws MailAccessException {
        return access().folders(address);
    }

    @Override
    public FolderStatus status(String address, String folder) throws MailAccessException {
        return access().status(address, folder);
    }

    @Override
    public List<FolderStatus> statuses(String address) throws MailAccessException {
        return access().statuses(address);
    }

    @Override
    public List<MessageMeta> messages(String address, String folder) throws MailAccessException {
        return access().messages(address, folder);
    }

    @Override
    public FolderIndex index(String address, String folder) throws MailAccessException {
        return access().index(address, folder);
    }

    @Override
    public List<MessageMeta> messages(String address, String folder, long[] uids) throws MailAccessException {
        return access().messages(address, folder, uids);
    }

    @Override
    public List<MessageListing> page(String address, String folder, MessageQuery query) throws MailAccessException {
        return access().page(address, folder, query);
    }

    @Override
    public FolderChanges changes(String address, String folder, long sinceModseq, long knownMaxUid)
            throws MailAccessException {
        return access().changes(address, folder, sinceModseq, knownMaxUid);
    }

    @Override
    public long[] uids(String address, String folder, long maxUid) throws MailAccessException {
        return access().uids(address, folder, maxUid);
    }

    @Override
    public void createFolder(String address, String folder) throws MailAccessException {
        access().createFolder(address, folder);
    }

    @Override
    public void deleteFolder(String address, String folder) throws MailAccessException {
        access().deleteFolder(address, folder);
        changed(address);
    }

    @Override
    public void renameFolder(String address, String from, String to) throws MailAccessException {
        access().renameFolder(address, from, to);
        changed(address);
    }

    @Override
    public void subscribe(String address, String folder, boolean subscribed) throws MailAccessException {
        access().subscribe(address, folder, subscribed);
    }

    @Override
    public FlagUpdate updateFlags(String address, String folder, Collection<Long> uids, FlagOperation operation,
            Set<String> flags, long unchangedSince) throws MailAccessException {
        FlagUpdate update = access().updateFlags(address, folder, uids, operation, flags, unchangedSince);
        changed(address);
        return update;
    }

    @Override
    public CopyResult copy(String address, String from, Collection<Long> uids, String to, boolean move)
            throws MailAccessException {
        CopyResult result = access().copy(address, from, uids, to, move);
        changed(address);
        return result;
    }

    @Override
    public List<Long> expunge(String address, String folder, Collection<Long> uids) throws MailAccessException {
        List<Long> removed = access().expunge(address, folder, uids);
        if (!removed.isEmpty()) {
            changed(address);
        }
        return removed;
    }

    @Override
    public AppendResult append(String address, String folder, byte[] raw, Set<String> flags, Instant internalDate)
            throws MailAccessException {
        if (!disk.hasRoom()) {
            // as Dovecot answers a full disk: the client keeps the message and may try again later
            throw new MailAccessException(MailAccessException.Reason.OVERQUOTA,
                    "Not enough disk space on the server, try again later");
        }
        AppendResult result = access().append(address, folder, raw, flags, internalDate);
        changed(address);
        return result;
    }

    @Override
    public QuotaUsage usage(String address) throws MailAccessException {
        return access().usage(address);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Map<Long, byte[]> prefixes(Collection<Long> blobIds, int maxBytes) {
        return access().prefixes(blobIds, maxBytes);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public InputStream open(long blobId) {
        return access().open(blobId);
    }
}
