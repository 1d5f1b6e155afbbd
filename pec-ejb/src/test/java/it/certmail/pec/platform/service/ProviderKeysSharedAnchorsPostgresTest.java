package it.certmail.pec.platform.service;

import it.certmail.pec.platform.infra.PlatformTestDatabase;

/** {@link ProviderKeysSharedAnchorsTest} on PostgreSQL: two nodes on one PostgreSQL, as architecture.md runs them. */
class ProviderKeysSharedAnchorsPostgresTest extends ProviderKeysSharedAnchorsTest {

    @Override
    PlatformTestDatabase database() {
        return PlatformTestDatabase.postgres();
    }
}
