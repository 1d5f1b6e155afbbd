package it.certmail.pec.access.domain;

/** Esito di APPEND (RFC 4315 APPENDUID). */
public record AppendResult(long uidValidity, long uid) {
}
