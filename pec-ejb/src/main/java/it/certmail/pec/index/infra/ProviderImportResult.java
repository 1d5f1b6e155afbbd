package it.certmail.pec.index.infra;

/**
 * Esito dell'importazione dell'indice dei gestori: how many provider records were created and how many
 * existing ones (same name and providerUnit) were overwritten.
 */
public record ProviderImportResult(int inserted, int updated) {
}
