package it.certmail.pec.access.domain;

/**
 * Cartella come la vede un client: name, RFC 6154 attribute ({@code \Sent}...) or {@code null}, subscription.
 */
public record FolderInfo(String name, String specialUse, boolean subscribed) {
}
