package it.certmail.pec.mailbox.service;

import java.util.List;

/**
 * Esito di un blocco: what one chunk transaction of the lifecycle job did.
 *
 * @param steps  steps performed
 * @param single subscriptions left with a due step that goes one by one ({@link LifecycleService#advance})
 */
public record ChunkOutcome(int steps, List<Long> single) {

    public ChunkOutcome {
        single = List.copyOf(single);
    }
}
