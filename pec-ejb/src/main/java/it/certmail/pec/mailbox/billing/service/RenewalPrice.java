package it.certmail.pec.mailbox.billing.service;

import it.certmail.pec.mailbox.billing.domain.Charge;

/**
 * Preventivo di rinnovo: what a renewal would cost, checked as the renewal itself checks it.
 *
 * @param discountCode the code applied (normalised), {@code null} when none was given
 * @param months       the paid months the renewal adds
 */
public record RenewalPrice(String planCode, String planName, int periods, int months, String discountCode,
        Charge charge) {
}
