package it.certmail.pec.mailbox.infra;

/**
 * Richiesta di nuova casella, as the admin gives it (validated by {@link JpaMailboxDirectory#createMailbox}).
 *
 * @param address        {@code local@domain}; the domain must be local
 * @param webPassword    the web console password, in clear (hashed before it is stored)
 * @param holderName     titolare
 * @param referenceEmail an ordinary address for notices to the holder, may be {@code null}
 * @param plan           catalog plan, {@code null} until the lifecycle issue
 */
public record NewMailbox(String address, String webPassword, String holderName, String referenceEmail, String plan) {

    @Override
    public String toString() {
        // never log the password
        return "NewMailbox[" + address + ", " + holderName + ", " + referenceEmail + ", " + plan + "]";
    }
}
