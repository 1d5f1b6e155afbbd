package it.certmail.pec.web.api.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Resources for a mailbox's owner: HTTP Basic with the mailbox address and its client password. The filter puts
 * the authenticated address in the request property {@link MailboxOwnerFilter#ADDRESS}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface MailboxOwner {
}
