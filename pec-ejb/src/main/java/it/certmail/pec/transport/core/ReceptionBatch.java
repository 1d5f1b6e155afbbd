package it.certmail.pec.transport.core;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import jakarta.mail.MessagingException;

import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.transport.queue.WorkQueue;

/**
 * Group commit of the reception point's work (issue 15, speed levers): up to N claimed items received in ONE
 * transaction and completed in one statement, so a batch pays one commit (one fsync, one registro INSERT, one read
 * and one completion of its work items) instead of N of each.
 *
 * <p>Exactly once, as for a single item: the effects of the batch and the completion of its items commit together or
 * not at all. A batch whose transaction fails, whatever is thrown, commits nothing; its items are then received one
 * by one, each in a transaction of its own ({@link #process}), so a bad item is retried, held or failed alone and
 * never blocks the rest. A crash mid-batch loses the whole transaction; the items keep their leases, which run out,
 * and are claimed again: each is received exactly once.
 *
 * <p>Locks are held for the writes only: every item is first prepared without any ({@link ReceptionPoint#prepare}:
 * read, parsed, its receipts composed and signed), then the batch's INBOXes are locked and the items applied.
 *
 * <p>No deadlocks between batches: the INBOXes a batch may write to (every item's recipients, and its envelope sender,
 * to whom the receipts of our own envelopes go) are locked first, in one global order ({@link InboxLocks}), before
 * any item takes a lock of its own; two batches touching the same mailboxes in opposite orders then wait for each
 * other. A lock outside that set (a transmission's tracking rows, a folder a mailbox's rules chose) can still meet
 * another transaction's in the other order: the database breaks that cycle (deadlock detection, lock timeout), the
 * batch fails and its items go one by one.
 */
public final class ReceptionBatch {

    /** The transaction shell around the steps (the EJB in the container, the harness in the tests). */
    public interface Transactions {

        /**
         * Runs {@link #receive} for these items in ONE transaction of its own: all of it commits or, whatever is
         * thrown, none of it.
         */
        void receiveInOne(List<Long> ids) throws Exception;

        /** Records the failed attempt of one item (retried later, or held), in a transaction of its own. */
        void attemptFailed(long id, Exception failure);
    }

    /**
     * What a pass over the claimed items came to: whether they went in one transaction, and if the batch failed,
     * why (its items were then taken one by one) and how many of them failed alone.
     */
    public record Pass(boolean grouped, Exception batchFailure, int failedAlone) {
    }

    private final WorkQueue queue;
    private final InboxLocks locks;
    private final ReceptionPoint point;
    private final BlobAccess blobs;

    public ReceptionBatch(WorkQueue queue, InboxLocks locks, ReceptionPoint point, BlobAccess blobs) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.point = Objects.requireNonNull(point, "point");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
    }

    /**
     * Takes the claimed items through the shell: all in one transaction; when that fails, each one alone, a failure
     * recorded against its item only.
     */
    public static Pass process(List<Long> claimed, Transactions shell) {
        Exception batchFailure = null;
        if (claimed.size() > 1) {
            try {
                shell.receiveInOne(claimed);
                return new Pass(true, null, 0);
            } catch (Exception e) {
                // nothing of the batch committed: each item on its own, so one bad item holds up nobody
                batchFailure = e;
            }
        }
        int failed = 0;
        for (long id : claimed) {
            try {
                shell.receiveInOne(List.of(id));
            } catch (Exception e) {
                failed++;
                shell.attemptFailed(id, e);
            }
        }
        return new Pass(false, batchFailure, failed);
    }

    /**
     * Receives the items still leased to {@code owner} inside the caller's transaction and settles them: held ones
     * held, the others completed in one call. Throws when any item fails or a lease went to another owner meanwhile:
     * the caller then rolls everything back.
     *
     * @return the items received (those no longer this owner's are left alone)
     */
    public int receive(List<Long> ids, String owner, Instant now)
            throws IOException, MessagingException, MailboxNotFoundException {
        List<WorkQueue.Work> mine = queue.leased(ids, owner);
        if (mine.isEmpty()) {
            return 0;
        }
        List<ReceptionPoint.Prepared> prepared = new ArrayList<>();
        List<Long> done = new ArrayList<>();
        try {
            // every item read, parsed and its receipts signed before the first lock: the locks are held only for
            // the writes of the batch, not for its RSA signatures
            for (WorkQueue.Work work : mine) {
                prepared.add(point.prepare(ReceptionWork.of(work), now));
            }
            Set<String> touched = mailboxesTouched(mine);
            if (touched.size() > 1) {
                // one mailbox cannot make a cycle with another transaction's folders; two or more are locked in order
                locks.lockInOrder(touched);
            }
            for (ReceptionPoint.Prepared item : prepared) {
                settle(item.work(), item.apply(), owner, done);
            }
        } finally {
            prepared.forEach(ReceptionPoint.Prepared::close);
        }
        int completed = queue.completeAll(done, owner);
        if (completed != done.size()) {
            throw new IllegalStateException("only " + completed + " of the " + done.size()
                    + " work items received are still leased to " + owner + ": the batch is rolled back");
        }
        return mine.size();
    }

    /** A held item is held at once; a done one waits for the batch's one completion. */
    private void settle(ReceptionWork work, ReceptionPoint.Outcome outcome, String owner, List<Long> done) {
        if (outcome.isHeld()) {
            if (!queue.hold(work.id(), owner, outcome.holdReason())) {
                throw new IllegalStateException("work item " + work.id() + " is no longer leased to " + owner);
            }
            return;
        }
        // the work's own reference on its blob goes with the work, unless the first envelope deposited took it
        if (!outcome.workReferenceHandedOver()) {
            blobs.release(work.blobId());
        }
        done.add(work.id());
    }

    /**
     * The mailboxes the items may write to: their recipients, and the envelope sender, to whom the receipts of our own
     * envelopes go (an address that is not a mailbox of ours is skipped by the locks).
     */
    static Set<String> mailboxesTouched(List<WorkQueue.Work> items) {
        Set<String> touched = new TreeSet<>();
        for (WorkQueue.Work w : items) {
            w.recipients().forEach(r -> touched.add(r.toLowerCase(Locale.ROOT)));
            if (w.mailFrom() != null && !w.mailFrom().isBlank()) {
                touched.add(w.mailFrom().toLowerCase(Locale.ROOT));
            }
        }
        return touched;
    }
}
