package it.certmail.pec.web.api.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Resources for a mailbox's holder acting on the account itself (web password, and what the web console does):
 * HTTP Basic with the mailbox address and its <em>web</em> password. The client password, which sits in every mail
 * client's settings, is not enough for these. The filter puts the address in {@link MailboxOwnerFilter#ADDRESS}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface MailboxWebOwner {
}
