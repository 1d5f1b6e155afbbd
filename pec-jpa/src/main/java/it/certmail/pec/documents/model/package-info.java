/** The holder's documents as stored: the kept contract, the signed log extracts, the record of downloads. */
package it.certmail.pec.documents.model;
