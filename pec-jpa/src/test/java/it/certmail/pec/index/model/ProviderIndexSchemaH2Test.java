package it.certmail.pec.index.model;

import java.util.UUID;

class ProviderIndexSchemaH2Test implements ProviderIndexSchemaContract {

    // one private in-memory database per test; DB_CLOSE_DELAY keeps it alive between Flyway and the test
    private final String url = "jdbc:h2:mem:pec-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

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
