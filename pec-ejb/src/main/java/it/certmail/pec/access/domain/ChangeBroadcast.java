package it.certmail.pec.access.domain;

/**
 * Avvisi tra nodi: carries "something changed in this mailbox" to the other nodes of the cluster, whose IMAP
 * sessions then look at the store at once instead of at their next IDLE poll. Only a nudge, never the change
 * itself: a lost one costs at most one poll interval.
 */
public interface ChangeBroadcast extends AutoCloseable {

    /** Tells the other nodes; never throws (a broken cluster must not fail the change that was committed). */
    void publish(String address);

    /** Stops listening to the other nodes. */
    @Override
    void close();

    /** A single node: nobody to tell. */
    static ChangeBroadcast none() {
        return new ChangeBroadcast() {
            @Override
            public void publish(String address) {
                // one node: the local hub already knows
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
