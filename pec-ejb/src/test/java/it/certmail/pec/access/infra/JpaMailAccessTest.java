package it.certmail.pec.access.infra;

import java.time.Instant;
import java.util.Set;

import it.certmail.pec.access.domain.MailAccess;
import it.certmail.pec.access.domain.MailAccessContract;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.infra.JpaMailboxDirectory;
import it.certmail.pec.mailbox.infra.NewMailbox;
import it.certmail.pec.mailbox.model.MailboxStatus;

/**
 * The {@link MailAccessContract} on the JPA store, each call in its own transaction as the EJB facade runs it: on
 * H2 here, on PostgreSQL in {@link JpaMailAccessPostgresTest}.
 */
class JpaMailAccessTest implements MailAccessContract {

    private JpaAccessStore store;

    JpaAccessStore database() {
        return JpaAccessStore.h2(CLOCK);
    }

    private MailAccess access;

    @Override
    public void start() {
        store = database();
        directory(d -> d.createDomain("b.test", T0));
        access = store.access(address -> {
        });
    }

    @Override
    public MailAccess access() {
        return access;
    }

    @Override
    public void createMailbox(String address, String clientPasswordHash) throws Exception {
        directory(d -> d.createMailbox(new NewMailbox(address, "web-password-1", address, null, null), p -> "$h", T0));
        directory(d -> d.setClientPasswordHash(address, clientPasswordHash, T0));
    }

    @Override
    public void setStatus(String address, MailboxStatus status) throws Exception {
        directory(d -> d.patch(address, null, null, status));
    }

    @Override
    public void setQuota(String address, long quotaBytes) throws Exception {
        directory(d -> {
            d.require(address).setQuotaBytes(quotaBytes);
            return null;
        });
    }

    @Override
    public long deliver(String address, String folder, byte[] raw, Set<String> flags, Instant date)
            throws Exception {
        return store.deliver(address, folder, raw, flags, date).uid();
    }

    @Override
    public int blobReferences(long blobId) {
        return store.blobs.referenceCount(blobId);
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
    }

    private void directory(DirectoryWork work) {
        store.tx(em -> {
            try {
                return work.run(new JpaMailboxDirectory(em));
            } catch (MailboxException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @FunctionalInterface
    private interface DirectoryWork {
        Object run(JpaMailboxDirectory directory) throws MailboxException;
    }
}
