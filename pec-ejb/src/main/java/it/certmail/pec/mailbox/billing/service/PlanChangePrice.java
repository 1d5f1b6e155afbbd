package it.certmail.pec.mailbox.billing.service;

import it.certmail.pec.mailbox.billing.domain.Charge;

/**
 * Preventivo di cambio piano: what changing plan now would cost, checked as the change itself checks it.
 *
 * @param deletesArchive the new plan has no archive: the archived messages would be deleted
 * @param monthsLeft     the months the difference is charged for
 */
public record PlanChangePrice(String planCode, String planName, boolean upgrade, boolean deletesArchive,
        int monthsLeft, String discountCode, Charge charge) {
}
