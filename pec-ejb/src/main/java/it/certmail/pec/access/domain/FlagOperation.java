package it.certmail.pec.access.domain;

/** Operazione sui flag: STORE FLAGS, +FLAGS, -FLAGS. */
public enum FlagOperation {
    REPLACE, ADD, REMOVE
}
