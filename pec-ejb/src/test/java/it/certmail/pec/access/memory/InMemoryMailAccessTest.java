package it.certmail.pec.access.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import it.certmail.pec.access.domain.FlagOperation;
import it.certmail.pec.access.domain.FolderStatus;
import it.certmail.pec.access.domain.MailAccess;
import it.certmail.pec.access.domain.MailAccessContract;
import it.certmail.pec.access.domain.MessageMeta;
import it.certmail.pec.mailbox.infra.ClientPasswords;
import it.certmail.pec.mailbox.model.MailboxStatus;

/** The {@link MailAccessContract} on the in-memory adapter, and its one lock under concurrent sessions. */
class InMemoryMailAccessTest implements MailAccessContract {

    private InMemoryMailAccess store;

    @Override
    public void start() {
        store = new InMemoryMailAccess(new ClientPasswords(CLOCK), CLOCK);
    }

    @Override
    public MailAccess access() {
        return store;
    }

    @Override
    public void createMailbox(String address, String clientPasswordHash) throws Exception {
        store.createMailbox(address);
        store.setClientPasswordHash(address, clientPasswordHash);
    }

    @Override
    public void setStatus(String address, MailboxStatus status) throws Exception {
        store.setStatus(address, status);
    }

    @Override
    public void setQuota(String address, long quotaBytes) throws Exception {
        store.setQuota(address, quotaBytes);
    }

    @Override
    public long deliver(String address, String folder, byte[] raw, Set<String> flags, Instant date)
            throws Exception {
        return store.deliver(address, folder, raw, flags, date).uid();
    }

    @Override
    public int blobReferences(long blobId) {
        return store.referenceCount(blobId);
    }

    @Override
    public void close() {
        // nothing held outside the heap
    }

    @Test
    void concurrentSessionsShouldGetDistinctUidsAndExactCounters() throws Exception {
        int threads = 8;
        int each = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        byte[] raw = ("Subject: " + thread + "-" + i + "\r\n\r\nbody\r\n")
                                .getBytes(StandardCharsets.US_ASCII);
                        long uid = store.append(BOB, "INBOX", raw, Set.of(), T0).uid();
                        store.updateFlags(BOB, "INBOX", List.of(uid), FlagOperation.ADD, Set.of("\\Seen"), -1);
                        store.copy(BOB, "INBOX", List.of(uid), "Archive", true);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<MessageMeta> archived = store.messages(BOB, "Archive");
        assertThat(archived).hasSize(threads * each);
        assertThat(archived).extracting(MessageMeta::uid).doesNotHaveDuplicates();
        assertThat(store.status(BOB, "INBOX")).extracting(FolderStatus::messages, FolderStatus::uidNext,
                FolderStatus::highestModseq).containsExactly(0L, threads * each + 1L, 3L * threads * each);
        FolderStatus archive = store.status(BOB, "Archive");
        assertThat(archive.unseen()).isZero();
        assertThat(archive.sizeBytes()).isEqualTo(store.usage(BOB).usedBytes())
                .isEqualTo(archived.stream().mapToLong(MessageMeta::size).sum());
    }
}
