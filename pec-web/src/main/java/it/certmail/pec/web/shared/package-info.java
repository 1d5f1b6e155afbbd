/**
 * The web layer every page shares: HTTPS-only pages and security headers, the page language (Italian or English)
 * and formats (Europe/Rome). No page logic here.
 */
package it.certmail.pec.web.shared;
