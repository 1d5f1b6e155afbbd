/**
 * The holder's documents, pure: the invoice, the contract (from its template) and the official-log extract laid out
 * as PDF (Apache PDFBox, standard Helvetica), and amounts in the Italian format. JDK and PDFBox only; no jakarta.*,
 * no clock: every method takes its time as a parameter. The same input gives the same bytes.
 */
package it.certmail.pec.documents.domain;
