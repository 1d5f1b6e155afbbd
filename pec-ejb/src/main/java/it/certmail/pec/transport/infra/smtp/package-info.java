/**
 * SMTP adapters of the PEC transport on SubEthaSMTP 7.2 (servers) and on plain sockets (relay client). No
 * container APIs, no database: they call the transport services only through the ports in
 * {@code transport.domain}.
 */
package it.certmail.pec.transport.infra.smtp;
