package it.certmail.pec.mailbox.model;

import java.util.UUID;

class MailboxStoreSchemaH2Test implements MailboxStoreSchemaContract {

    private final String url = "jdbc:h2:mem:mbx-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Override
    public String freshJdbcUrl() {
        return url;
    }

    @Override
    public String user() {
        return "sa";
    }

    @Override
    public String password() {
        return "";
    }
}
