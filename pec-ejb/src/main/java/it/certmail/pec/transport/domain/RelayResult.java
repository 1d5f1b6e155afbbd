package it.certmail.pec.transport.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Esito di un inoltro SMTP: the outcome of one relay attempt for every recipient, in the order given.
 *
 * @param target   the host that gave the outcome (the last one tried)
 * @param outcomes recipient to outcome; every recipient of the attempt has exactly one
 */
public record RelayResult(RelayTarget target, Map<String, DeliveryOutcome> outcomes) {

    public RelayResult {
        Objects.requireNonNull(target, "target");
        outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }

    public DeliveryOutcome outcome(String recipient) {
        return outcomes.get(recipient);
    }

    public boolean allDelivered() {
        return outcomes.values().stream().allMatch(o -> o instanceof DeliveryOutcome.Delivered);
    }
}
