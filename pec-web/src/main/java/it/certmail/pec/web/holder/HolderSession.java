package it.certmail.pec.web.holder;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Named;

/**
 * Sessione del titolare: the mailboxes this browser session has proven with their web passwords, and which one the
 * pages show. The platform links no mailboxes to a customer account (a mailbox carries its holder's name and
 * reference e-mail as text only), so a holder with several mailboxes signs in with one and adds the others with
 * their own web passwords; switching is then free, and limited to the proven ones.
 */
@Named("holder")
@SessionScoped
public class HolderSession implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Set<String> mailboxes = new LinkedHashSet<>();
    private String current;
    /** A page of the area asked for before the sign-in (e.g. the expiry e-mail's renewal link), opened after it. */
    private String returnTo;
    /** A mailbox whose web password was right and whose TOTP code is still asked for. */
    private String awaitingCode;
    /** Form submissions already carried out: a second post of the same form is not carried out again. */
    private final FormTokens formTokens = new FormTokens();
    /** Password recovery: the address and the grant a right code gave (see HolderRecovery). */
    private String recoveryAddress;
    private String recoveryGrant;
    /** An additional user (USER_SEAT) signed in with an own login: the session acts for one mailbox only. */
    private Long actingUserId;
    private String actingUser;
    /** An additional user whose own password was right and whose TOTP code is still asked for (login in awaitingCode). */
    private Long awaitingUserId;
    private String awaitingUserMailbox;

    synchronized void signedIn(String address) {
        if (actingUserId != null) {
            // the holder's own sign-in ends a user's: nothing of the user's session carries over
            mailboxes.clear();
            actingUserId = null;
            actingUser = null;
        }
        mailboxes.add(address);
        current = address;
        awaitingCode = null;
        awaitingUserId = null;
        awaitingUserMailbox = null;
    }

    /** An additional user of {@code mailbox} signed in: the session shows that mailbox's webmail, nothing else. */
    synchronized void signedInAsUser(long userId, String login, String mailbox) {
        mailboxes.clear();
        mailboxes.add(mailbox);
        current = mailbox;
        awaitingCode = null;
        awaitingUserId = null;
        awaitingUserMailbox = null;
        returnTo = null;
        actingUserId = userId;
        actingUser = login;
    }

    /**
     * The own password of an additional user with TOTP was right: the code page only, until its code; the same
     * code step as the holders' ({@link #awaitingCode} is the user's login).
     */
    synchronized void userPasswordAccepted(long userId, String login, String mailbox) {
        awaitingCode = login;
        awaitingUserId = userId;
        awaitingUserMailbox = mailbox;
    }

    /** The additional user whose code is asked for; {@code null}: a holder's (or none). */
    synchronized Long awaitingUserId() {
        return awaitingUserId;
    }

    /** The awaited user's code was right: the user is signed in. */
    synchronized void userCodeAccepted() {
        signedInAsUser(awaitingUserId, awaitingCode, awaitingUserMailbox);
    }

    /** The additional user this session acts as; {@code null}: the holder. */
    public synchronized Long actingUserId() {
        return actingUserId;
    }

    /** Whether an additional user (not the holder) is signed in. */
    public synchronized boolean isActingUser() {
        return actingUserId != null;
    }

    /** Who acts: the additional user's login, or the holder's current mailbox address. */
    public synchronized String getActor() {
        return actingUser != null ? actingUser : current;
    }

    /** The password of {@code address} was right; its second factor opens it (the code page only, until then). */
    synchronized void passwordAccepted(String address) {
        awaitingCode = address;
        awaitingUserId = null;
        awaitingUserMailbox = null;
    }

    /** @param pathAndQuery a path of this application under {@code /my/}, with its query */
    synchronized void returnAfterSignIn(String pathAndQuery) {
        returnTo = pathAndQuery;
    }

    /** The page to open after the sign-in, once; {@code null}: the dashboard. */
    synchronized String takeReturnTo() {
        String page = returnTo;
        returnTo = null;
        return page;
    }

    synchronized String awaitingCode() {
        return awaitingCode;
    }

    public synchronized boolean isSignedIn() {
        return current != null;
    }

    /** The mailbox the pages show. */
    public synchronized String getCurrent() {
        return current;
    }

    public synchronized List<String> getMailboxes() {
        return new ArrayList<>(mailboxes);
    }

    /** @return whether this session may show {@code address} (it proved it); the current one changes only then */
    synchronized boolean switchTo(String address) {
        if (address == null || actingUserId != null || !mailboxes.contains(address)) {
            return false;
        }
        current = address;
        return true;
    }

    /** A mailbox the signed-in holder just bought (and set the web password of) joins the session's list. */
    synchronized void bought(String address) {
        if (current != null && actingUserId == null) {
            mailboxes.add(address);
        }
    }

    FormTokens formTokens() {
        return formTokens;
    }

    synchronized void recoveryGranted(String address, String grant) {
        recoveryAddress = address;
        recoveryGrant = grant;
    }

    synchronized String recoveryAddress() {
        return recoveryAddress;
    }

    synchronized String recoveryGrant() {
        return recoveryGrant;
    }

    synchronized void recoveryDone() {
        recoveryAddress = null;
        recoveryGrant = null;
    }
}
