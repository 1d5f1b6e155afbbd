/** The root page {@code /}: the provider, the ways in, the mail-client settings from the running configuration. */
package it.certmail.pec.web.home;
