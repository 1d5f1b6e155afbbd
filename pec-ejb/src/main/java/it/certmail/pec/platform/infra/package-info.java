/** Database facts the platform's promises rest on, checked with plain JDBC. */
package it.certmail.pec.platform.infra;
