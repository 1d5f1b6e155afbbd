/**
 * Message bytes without whole-message arrays: {@link it.certmail.pec.mime.Spool} holds a message in memory while
 * it is small and in a temporary file once it is not, and hands it to Jakarta Mail as a {@code SharedInputStream},
 * so parsing a 100 MB envelope copies no content; {@link it.certmail.pec.mime.CrlfOutputStream} makes line ends
 * canonical on the way. Plain Java and Jakarta Mail; never the container.
 */
package it.certmail.pec.mime;
