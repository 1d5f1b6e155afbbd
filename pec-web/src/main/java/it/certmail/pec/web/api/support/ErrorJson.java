package it.certmail.pec.web.api.support;

/** The body of every error answer of the API. */
public record ErrorJson(String error) {
}
