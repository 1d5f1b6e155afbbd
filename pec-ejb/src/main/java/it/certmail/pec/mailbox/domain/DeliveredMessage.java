package it.certmail.pec.mailbox.domain;

/**
 * Messaggio consegnato: where a message landed.
 *
 * @param messageId   {@code stored_message.id}
 * @param uid         its UID in the folder
 * @param uidValidity the folder's UIDVALIDITY
 * @param folder      the folder name
 * @param size        bytes
 */
public record DeliveredMessage(long messageId, long uid, long uidValidity, String folder, long size) {
}
