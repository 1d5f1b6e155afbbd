package it.certmail.pec.mailbox.infra;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;

import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailAddresses;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.model.AddressReservation;
import it.certmail.pec.mailbox.model.MailDomain;
import it.certmail.pec.mailbox.model.MailFolder;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.MailboxStatus;

/**
 * Anagrafica delle caselle: local mail domains and mailboxes on the database. Runs in the caller's transaction;
 * every check happens before the first write, so a thrown {@code MailboxException} leaves nothing behind.
 */
public class JpaMailboxDirectory {

    public static final int MIN_PASSWORD_LENGTH = 8;
    static final int MAX_PASSWORD_LENGTH = 1024;

    private final EntityManager em;

    public JpaMailboxDirectory(EntityManager em) {
        this.em = Objects.requireNonNull(em, "em");
    }

    /**
     * Adds a local domain.
     *
     * @throws InvalidMailboxRequestException if {@code name} is not a host name with at least two labels
     * @throws MailboxConflictException       if the domain exists already
     */
    public MailDomain createDomain(String name, Instant now) throws InvalidMailboxRequestException, MailboxConflictException {
        String domain = MailAddresses.normalizeDomain(name)
                .orElseThrow(() -> new InvalidMailboxRequestException("not a valid domain name: " + name));
        if (findDomain(domain).isPresent()) {
            throw new MailboxConflictException("the domain " + domain + " exists already");
        }
        MailDomain d = new MailDomain(domain, utc(now));
        em.persist(d);
        em.flush();
        return d;
    }

    public Optional<MailDomain> findDomain(String name) {
        return MailAddresses.normalizeDomain(name).flatMap(d -> em
                .createNamedQuery(MailDomain.FIND_BY_NAME, MailDomain.class)
                .setParameter("name", d).setFlushMode(FlushModeType.COMMIT).getResultStream().findFirst());
    }

    /** Every local domain, sorted. */
    public List<String> domainNames() {
        return em.createNamedQuery(MailDomain.FIND_ALL_NAMES, String.class).getResultList();
    }

    public boolean isLocalDomain(String domain) {
        return findDomain(domain).isPresent();
    }

    /** A new mailbox's request, checked: its values as they will be stored. */
    public record Checked(String address, MailDomain domain, String holder, String reference, String plan,
            AddressReservation reservation) {
    }

    /**
     * Every check {@link #createMailbox} makes, without creating anything: a purchase runs them before charging, so
     * a holder is not charged for a mailbox that cannot exist.
     */
    public Checked checkNew(NewMailbox request, Instant now) throws InvalidMailboxRequestException,
            MailboxConflictException {
        String address = MailAddresses.normalizeAddress(request.address())
                .orElseThrow(() -> new InvalidMailboxRequestException("not a valid mailbox address: " + request.address()));
        String domainName = MailAddresses.domainOf(address);
        MailDomain domain = findDomain(domainName).orElseThrow(() -> new InvalidMailboxRequestException(
                "the domain " + domainName + " is not a local domain: create it first"));
        String holder = request.holderName() == null ? "" : request.holderName().strip();
        if (holder.isEmpty() || holder.length() > 255) {
            throw new InvalidMailboxRequestException("holderName is required (at most 255 characters)");
        }
        String reference = blankToNull(request.referenceEmail());
        if (reference != null && (reference.length() > 320 || reference.indexOf('@') <= 0)) {
            throw new InvalidMailboxRequestException("referenceEmail is not an address: " + reference);
        }
        String plan = blankToNull(request.plan());
        if (plan != null && plan.length() > 64) {
            throw new InvalidMailboxRequestException("plan is longer than 64 characters");
        }
        String password = request.webPassword();
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            throw new InvalidMailboxRequestException("the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (find(address).isPresent()) {
            throw new MailboxConflictException("the mailbox " + address + " exists already");
        }
        AddressReservation reserved = em.find(AddressReservation.class, address);
        if (reserved != null && reserved.isActive(now)) {
            // a ceased address goes back only to its holder, as a new empty mailbox
            if (!reserved.getHolderName().equalsIgnoreCase(holder)) {
                throw new MailboxConflictException("the address " + address + " ceased and is reserved for its holder"
                        + " until " + reserved.getReservedUntil());
            }
        }
        return new Checked(address, domain, holder, reference, plan, reserved);
    }

    /**
     * Creates an {@link MailboxStatus#ACTIVE} mailbox with the standard folders (INBOX, Sent, Drafts, Trash,
     * Archive). {@code hashPassword} runs only once every check has passed (it costs about 0.1 s).
     *
     * @throws InvalidMailboxRequestException bad address, unknown domain, missing holder, short password
     * @throws MailboxConflictException       if the address exists already
     */
    public Mailbox createMailbox(NewMailbox request, UnaryOperator<String> hashPassword, Instant now)
            throws InvalidMailboxRequestException, MailboxConflictException {
        Checked c = checkNew(request, now);
        String address = c.address();
        MailDomain domain = c.domain();
        String holder = c.holder();
        String reference = c.reference();
        String plan = c.plan();
        String password = request.webPassword();
        AddressReservation reserved = c.reservation();
        if (reserved != null) {
            em.remove(reserved);
        }
        Mailbox mailbox = new Mailbox(address, domain, holder, reference, hashPassword.apply(password), plan, utc(now));
        em.persist(mailbox);
        // UIDVALIDITY: seconds since the epoch, nonzero and 32-bit until 2106
        long uidValidity = Math.max(1, now.getEpochSecond() & 0xFFFF_FFFFL);
        for (MailFolder.Standard f : MailFolder.DEFAULTS) {
            em.persist(new MailFolder(mailbox, f.name(), f.specialUse(), uidValidity));
        }
        em.flush();
        return mailbox;
    }

    /** The mailbox at {@code address} (any case); empty when absent or malformed. */
    public Optional<Mailbox> find(String address) {
        // a lookup by key needs no pending change flushed first: every deposit of a busy transaction asks (a flush
        // checks every managed entity); a mailbox or domain created in the same transaction is flushed on creation
        return MailAddresses.normalizeAddress(address).flatMap(a -> em
                .createNamedQuery(Mailbox.FIND_BY_ADDRESS, Mailbox.class)
                .setParameter("address", a).setFlushMode(FlushModeType.COMMIT).getResultStream().findFirst());
    }

    public Mailbox require(String address) throws MailboxNotFoundException {
        return find(address).orElseThrow(() -> new MailboxNotFoundException("no mailbox " + address));
    }

    /**
     * Changes the settings given; {@code null} leaves one as it is.
     *
     * @throws InvalidMailboxRequestException if the status may not change that way (a closed mailbox stays closed)
     */
    public Mailbox patch(String address, Boolean acceptOrdinaryMail, Boolean blockNonPecRecipients, MailboxStatus status)
            throws MailboxNotFoundException, InvalidMailboxRequestException {
        Mailbox mailbox = require(address);
        if (status != null && !mailbox.getStatus().canChangeTo(status)) {
            throw new InvalidMailboxRequestException("a " + mailbox.getStatus() + " mailbox cannot become " + status);
        }
        if (status != null) {
            mailbox.changeStatus(status);
        }
        if (acceptOrdinaryMail != null) {
            mailbox.setAcceptOrdinaryMail(acceptOrdinaryMail);
        }
        if (blockNonPecRecipients != null) {
            mailbox.setBlockNonPecRecipients(blockNonPecRecipients);
        }
        em.flush();
        return mailbox;
    }

    /** Stores a new client password hash (the caller forgets cached verifications). */
    public Mailbox setClientPasswordHash(String address, String hash, Instant now) throws MailboxNotFoundException {
        Mailbox mailbox = require(address);
        mailbox.setClientPasswordHash(hash, utc(now));
        em.flush();
        return mailbox;
    }

    /** The current {@code used_bytes} (deliveries since the mailbox was loaded included). */
    public long usedBytes(Mailbox mailbox) {
        return em.createNamedQuery(Mailbox.USED_BYTES, Long.class).setParameter("id", mailbox.getId()).getSingleResult();
    }

    private static OffsetDateTime utc(Instant now) {
        return now.atOffset(ZoneOffset.UTC);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
