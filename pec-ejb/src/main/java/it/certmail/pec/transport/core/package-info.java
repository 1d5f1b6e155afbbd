/**
 * Il nucleo del trasporto (architecture.md §8): the transport's points as plain classes over narrow ports, run and
 * tested without the container. The EJBs of {@code transport.service} are transaction shells that call them with
 * adapters over the services; the tests drive them over in-memory adapters, a step at a time. No container or
 * persistence API here (checked by {@code DomainPurityTest}); time is a parameter.
 */
package it.certmail.pec.transport.core;
