package it.certmail.pec.mailbox.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.mailbox.billing.domain.Checkout;
import it.certmail.pec.mailbox.billing.domain.PaymentDeclinedException;
import it.certmail.pec.mailbox.billing.domain.PaymentGateway;
import it.certmail.pec.mailbox.billing.service.BillingTransactions;
import it.certmail.pec.mailbox.billing.infra.JpaBilling;
import it.certmail.pec.mailbox.billing.model.PurchaseOrder;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.mailbox.domain.ChangeTooSoonException;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailAddresses;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.PasswordPolicy;
import it.certmail.pec.mailbox.infra.ClientPasswords;
import it.certmail.pec.mailbox.infra.JpaMailboxDirectory;
import it.certmail.pec.mailbox.infra.NewMailbox;
import it.certmail.pec.mailbox.model.LifecyclePhase;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.MailboxStatus;

/**
 * Amministrazione delle caselle: local domains, mailboxes, their settings and client passwords. Each method is one
 * transaction; the typed {@code MailboxException}s are thrown before anything is written.
 */
@Stateless
public class MailboxService {

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @EJB
    ProviderIndexService index;

    @Inject
    ClientCredentials credentials;

    @Inject
    Clock clock;

    @Inject
    KnownLocalDomains knownDomains;


    @Inject
    LifecycleSettings lifecycleSettings;

    @EJB
    BillingTransactions transactions;

    @Inject
    PaymentGateway payments;

    private JpaMailboxDirectory directory() {
        return new JpaMailboxDirectory(em);
    }

    /**
     * Adds a local domain and republishes our record in the providers' index with it among the managedDomains.
     *
     * @return the domain as stored (lower-case)
     * @throws MailboxConflictException if it exists, or another provider in the index manages it
     */
    public String createDomain(String name) throws InvalidMailboxRequestException, MailboxConflictException {
        String domain = MailAddresses.normalizeDomain(name)
                .orElseThrow(() -> new InvalidMailboxRequestException("not a valid domain name: " + name));
        ProviderRecord own = index.ownRecord();
        Optional<ProviderRecord> holder = index.index().findByDomain(domain);
        if (holder.isPresent() && !(holder.get().name().equalsIgnoreCase(own.name()) && holder.get().providerUnit() == null)) {
            throw new MailboxConflictException("the domain " + domain + " belongs to " + holder.get().name()
                    + " in the providers' index");
        }
        directory().createDomain(domain, clock.instant());
        index.publishOwnRecord();
        return domain;
    }

    public List<String> domains() {
        return directory().domainNames();
    }

    public boolean isLocalDomain(String domain) {
        if (knownDomains.contains(domain)) {
            return true;
        }
        boolean local = directory().isLocalDomain(domain);
        if (local) {
            knownDomains.found(domain);
        }
        return local;
    }

    /**
     * Creates an active mailbox with the standard folders; the web password is stored as an Argon2id hash.
     *
     * @param plan {@code null} until the lifecycle issue
     * @throws InvalidMailboxRequestException bad address, domain not local, missing holder, short password
     * @throws MailboxConflictException       if the address exists
     */
    public MailboxInfo createMailbox(String address, String webPassword, String holderName, String referenceEmail,
            String plan) throws InvalidMailboxRequestException, MailboxConflictException {
        return createMailbox(address, webPassword, holderName, referenceEmail, plan, null, false, null);
    }

    /**
     * Creates a mailbox on a catalog plan, its first period paid (an ACTIVATION order and its invoice); renewals
     * and add-ons charge {@code paymentToken}. Without a plan the mailbox never expires (the service mailbox).
     *
     * @param termYears 1..5 on multi-year plans; the plan's own term or {@code null} otherwise
     * @throws InvalidMailboxRequestException also for an unknown plan or a term the plan does not have
     * @throws MailboxConflictException       if the address exists, or ceased and is reserved for another holder
     */
    public MailboxInfo createMailbox(String address, String webPassword, String holderName, String referenceEmail,
            String plan, Integer termYears, boolean autoRenew, String paymentToken)
            throws InvalidMailboxRequestException, MailboxConflictException {
        ClientPasswords passwords = credentials.passwords();
        JpaBilling billing = new JpaBilling(em);
        if (plan != null && !plan.isBlank()) {
            // refuse a bad plan or term before the (slow) password hash
            try {
                JpaBilling.terms(billing.plan(plan)).periodsFor(termYears);
            } catch (IllegalArgumentException e) {
                throw new InvalidMailboxRequestException(e.getMessage());
            }
        }
        Instant now = clock.instant();
        Mailbox m = directory().createMailbox(new NewMailbox(address, webPassword, holderName, referenceEmail,
                plan == null || plan.isBlank() ? null : plan.strip().toLowerCase(java.util.Locale.ROOT)),
                passwords::hash, now);
        if (m.getPlan() != null) {
            billing.activate(m, m.getPlan(), termYears, autoRenew, paymentToken, now);
            em.flush();
        }
        return MailboxInfo.of(m, 0);
    }

    /**
     * Another mailbox for the holder of {@code payer}: the same holder name and reference e-mail, a web password of
     * its own, the first period charged at once to the payer's stored payment method. A refused payment leaves no
     * mailbox behind.
     *
     * @return the ACTIVATION order of the new mailbox
     * @throws PaymentDeclinedException       if the gateway refuses (or no payment method is stored)
     * @throws InvalidMailboxRequestException bad address, domain not local, unknown plan or term, short password
     * @throws MailboxConflictException       if the address is taken
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public PurchaseOrder purchaseMailbox(String payer, String address, String webPassword, String plan,
            Integer termYears) throws MailboxNotFoundException, InvalidMailboxRequestException,
            MailboxConflictException, PaymentDeclinedException {
        if (plan == null || plan.isBlank()) {
            throw new InvalidMailboxRequestException("a plan is needed");
        }
        String planCode = plan.strip().toLowerCase(java.util.Locale.ROOT);
        // every check first (no charge for a mailbox that cannot exist), the gateway with no transaction open, then
        // the mailbox created only if the payment was approved (Checkout)
        Checkout checkout = new Checkout(transactions, payments);
        try {
            return checkout.pay(() -> {
                directory().checkNew(newMailboxFor(payer, address, webPassword, planCode), clock.instant());
                JpaBilling billing = new JpaBilling(em);
                return Optional.of(billing.activationCharge(billing.require(payer), address, planCode, termYears));
            }, charged -> {
                Instant now = clock.instant();
                NewMailbox request = newMailboxFor(payer, address, webPassword, planCode);
                JpaBilling billing = new JpaBilling(em);
                PurchaseOrder order = billing.activatePaid(billing.require(payer), address, planCode, termYears,
                        charged.get().request(), charged.get().result(),
                        () -> directory().createMailbox(request, credentials.passwords()::hash, now), now);
                em.flush();
                return order;
            });
        } catch (MailboxNotFoundException | InvalidMailboxRequestException | MailboxConflictException
                | PaymentDeclinedException e) {
            throw e;
        } catch (MailboxException e) {
            throw new IllegalStateException("unexpected refusal of a purchase", e);
        }
    }

    /** Another mailbox of the holder of {@code payer}: the same holder name and reference e-mail. */
    private NewMailbox newMailboxFor(String payer, String address, String webPassword, String planCode)
            throws MailboxNotFoundException {
        Mailbox owner = directory().require(payer);
        return new NewMailbox(address, webPassword, owner.getHolderName(), owner.getReferenceEmail(), planCode);
    }

    /**
     * The holder changes the web password: at most once in 24 hours ({@code PasswordPolicy#webChangeInterval}).
     *
     * @throws ChangeTooSoonException if changed less than 24 hours ago (says when it may change again)
     */
    public void changeWebPassword(String address, String newPassword) throws MailboxNotFoundException,
            InvalidMailboxRequestException, MailboxConflictException {
        if (newPassword == null || newPassword.length() < JpaMailboxDirectory.MIN_PASSWORD_LENGTH) {
            throw new InvalidMailboxRequestException("the password must have at least "
                    + JpaMailboxDirectory.MIN_PASSWORD_LENGTH + " characters");
        }
        Mailbox m = directory().require(address);
        Instant now = clock.instant();
        Instant last = m.getWebPasswordSetAt() == null ? null : m.getWebPasswordSetAt().toInstant();
        PasswordPolicy policy = lifecycleSettings.passwordPolicy();
        Optional<String> refusal = policy.webChangeRefusal(last, now);
        if (refusal.isPresent()) {
            Instant allowed = policy.webChangeAllowedAt(last, now);
            long seconds = (java.time.Duration.between(now, allowed).toMillis() + 999) / 1000;
            throw new ChangeTooSoonException(refusal.get(), allowed, seconds);
        }
        m.changeWebPasswordHash(credentials.passwords().hash(newPassword), now.atOffset(java.time.ZoneOffset.UTC));
        em.flush();
    }

    /**
     * Checks a web login (the holder's console and self-service API): the web password, not the client one. Empty
     * for an unknown mailbox, a wrong password, or a mailbox whose status forbids logging in, unless it is withdrawn
     * and not yet deleted (its holder signs in to download the content: {@link #webSignInAllowed}). Without a
     * transaction, as {@link #authenticateClient}.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<MailboxInfo> authenticateWeb(String address, String password) {
        JpaMailboxDirectory directory = directory();
        return directory.find(address)
                .filter(this::webSignInAllowed)
                // cached apart from client logins: the key holds the stored hash, which differs
                .filter(m -> credentials.passwords().verify("web:" + m.getAddress(), password, m.getWebPasswordHash()))
                .map(m -> MailboxInfo.of(m, directory.usedBytes(m)));
    }

    /**
     * Whether the holder of {@code address} may sign in to the web area (or recover its web password): its status
     * lets it log in, or it is withdrawn and its content is still downloadable. False for an unknown mailbox.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean webSignInAllowed(String address) {
        return directory().find(address).map(this::webSignInAllowed).orElse(false);
    }

    /** Whether the mailbox is withdrawn and awaiting its deletion: web sign-in for downloads only. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean webDownloadOnly(String address) {
        return directory().find(address).map(this::webDownloadOnly).orElse(false);
    }

    private boolean webSignInAllowed(Mailbox m) {
        return m.getStatus().canLogin() || webDownloadOnly(m);
    }

    private boolean webDownloadOnly(Mailbox m) {
        return em.createQuery("SELECT s.phase FROM Subscription s WHERE s.mailbox = :m", LifecyclePhase.class)
                .setParameter("m", m).getResultStream().findFirst().map(LifecyclePhase::webDownloadOnly).orElse(false);
    }

    public Optional<MailboxInfo> findMailbox(String address) {
        JpaMailboxDirectory directory = directory();
        return directory.find(address).map(m -> MailboxInfo.of(m, directory.usedBytes(m)));
    }

    /** Whether a mailbox exists at {@code address} and its status lets it receive (one query, no usage figure). */
    public boolean canReceive(String address) {
        return directory().find(address).map(m -> m.getStatus().canReceive()).orElse(false);
    }

    /** Most rows one search returns. */
    public static final int MAX_SEARCH_LIMIT = 200;

    /**
     * A page of mailboxes in address order, after {@code after} (keyset paging: the last address of the previous
     * page, or null). {@code query} (optional, any case) matches the start of the address or of the holder's name;
     * each is an index range scan, so a page costs the same with a million mailboxes. Without a transaction.
     *
     * @param limit 1..{@value #MAX_SEARCH_LIMIT}
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MailboxListing> searchMailboxes(String query, String after, int limit) {
        int n = Math.max(1, Math.min(limit, MAX_SEARCH_LIMIT));
        String from = after == null ? "" : after.strip().toLowerCase(java.util.Locale.ROOT);
        String prefix = query == null ? "" : query.strip().toLowerCase(java.util.Locale.ROOT);
        java.util.TreeMap<String, MailboxListing> page = new java.util.TreeMap<>();
        String select = "SELECT m.address, m.holderName, m.status, m.plan, m.createdAt, m.expiresAt FROM Mailbox m"
                + " WHERE m.address > :after";
        if (prefix.isEmpty()) {
            listings(select + " ORDER BY m.address", from, null, n).forEach(l -> page.put(l.address(), l));
        } else {
            String like = likePrefix(prefix);
            listings(select + " AND m.address LIKE :like ESCAPE '\\' ORDER BY m.address", from, like, n)
                    .forEach(l -> page.put(l.address(), l));
            listings(select + " AND LOWER(m.holderName) LIKE :like ESCAPE '\\' ORDER BY m.address", from, like, n)
                    .forEach(l -> page.put(l.address(), l));
        }
        return page.values().stream().limit(n).toList();
    }

    /**
     * A page of the operators' list, filtered and sorted ({@link MailboxSearch}); like
     * {@link #searchMailboxes(String, String, int)}, every query is a range of an index whatever the table's size
     * (address, lower(holder), and (status|plan|created_at, address) on PostgreSQL). Without a transaction.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MailboxListing> searchMailboxes(MailboxSearch search) {
        int n = Math.max(1, Math.min(search.limit(), MAX_SEARCH_LIMIT));
        MailboxSearch.Sort sort = search.sort();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        if (search.status() != null) {
            where.append(" AND m.status = :status");
            params.put("status", search.status());
        }
        if (search.plan() != null) {
            where.append(" AND m.plan = :plan");
            params.put("plan", search.plan());
        }
        if (search.after() != null) {
            String op = sort.descending() ? "<" : ">";
            if (sort.byCreation()) {
                where.append(" AND (m.createdAt ").append(op).append(" :afterCreated OR (m.createdAt = :afterCreated"
                        + " AND m.address ").append(op).append(" :afterAddress))");
                params.put("afterCreated", java.time.OffsetDateTime.ofInstant(search.after().createdAt(),
                        java.time.ZoneOffset.UTC));
            } else {
                where.append(" AND m.address ").append(op).append(" :afterAddress");
            }
            params.put("afterAddress", search.after().address());
        }
        String dir = sort.descending() ? " DESC" : "";
        String order = sort.byCreation() ? " ORDER BY m.createdAt" + dir + ", m.address" + dir
                : " ORDER BY m.address" + dir;
        String select = "SELECT m.address, m.holderName, m.status, m.plan, m.createdAt, m.expiresAt FROM Mailbox m"
                + where;
        java.util.TreeSet<MailboxListing> page = new java.util.TreeSet<>(sort.comparator());
        if (search.query().isEmpty()) {
            page.addAll(listings(select + order, params, n));
        } else {
            params.put("like", likePrefix(search.query()));
            page.addAll(listings(select + " AND m.address LIKE :like ESCAPE '\\'" + order, params, n));
            page.addAll(listings(select + " AND LOWER(m.holderName) LIKE :like ESCAPE '\\'" + order, params, n));
        }
        return page.stream().limit(n).toList();
    }

    private List<MailboxListing> listings(String jpql, java.util.Map<String, Object> params, int limit) {
        jakarta.persistence.TypedQuery<Object[]> q = em.createQuery(jpql, Object[].class).setMaxResults(limit);
        params.forEach(q::setParameter);
        return q.getResultList().stream().map(r -> new MailboxListing((String) r[0], (String) r[1],
                (MailboxStatus) r[2], (String) r[3], instant(r[4]), instant(r[5]))).toList();
    }

    private List<MailboxListing> listings(String jpql, String after, String like, int limit) {
        jakarta.persistence.TypedQuery<Object[]> q = em.createQuery(jpql, Object[].class)
                .setParameter("after", after).setMaxResults(limit);
        if (like != null) {
            q.setParameter("like", like);
        }
        return q.getResultList().stream().map(r -> new MailboxListing((String) r[0], (String) r[1],
                (MailboxStatus) r[2], (String) r[3], instant(r[4]), instant(r[5]))).toList();
    }

    private static Instant instant(Object offsetDateTime) {
        return offsetDateTime == null ? null : ((java.time.OffsetDateTime) offsetDateTime).toInstant();
    }

    /** {@code prefix%} with LIKE's own characters escaped, so "a_b" finds only "a_b...". */
    static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    public MailboxInfo getMailbox(String address) throws MailboxNotFoundException {
        return findMailbox(address).orElseThrow(() -> new MailboxNotFoundException("no mailbox " + address));
    }

    /**
     * Changes the settings given; {@code null} leaves one as it is.
     *
     * @throws InvalidMailboxRequestException if the status may not change that way
     */
    public MailboxInfo patch(String address, Boolean acceptOrdinaryMail, Boolean blockNonPecRecipients,
            MailboxStatus status) throws MailboxNotFoundException, InvalidMailboxRequestException {
        JpaMailboxDirectory directory = directory();
        Mailbox m = directory.patch(address, acceptOrdinaryMail, blockNonPecRecipients, status);
        if (status != null) {
            // a disabled mailbox must stop logging in now, not when the cache entry expires
            credentials.passwords().invalidate(m.getAddress());
        }
        return MailboxInfo.of(m, directory.usedBytes(m));
    }

    /**
     * Generates a new client password (IMAP, POP3, SMTP, mailbox API), replacing the old one.
     *
     * @return the password in clear: shown once, only its hash is kept
     */
    public String generateClientPassword(String address) throws MailboxNotFoundException {
        ClientPasswords passwords = credentials.passwords();
        String password = passwords.generate();
        Mailbox m = directory().setClientPasswordHash(address, passwords.hash(password), clock.instant());
        passwords.invalidate(m.getAddress());
        return password;
    }

    /**
     * Checks a client login. Empty for an unknown mailbox, a wrong password, no client password yet, or a mailbox
     * whose status forbids logging in. Runs without a transaction: the Argon2id check must not hold a connection.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<MailboxInfo> authenticateClient(String address, String password) {
        JpaMailboxDirectory directory = directory();
        return directory.find(address)
                .filter(m -> m.getStatus().canLogin())
                // client passwords expire (90 days by default): a new one is generated from the console or the API
                .filter(m -> !lifecycleSettings.passwordPolicy().clientExpired(
                        m.getClientPasswordSetAt() == null ? null : m.getClientPasswordSetAt().toInstant(), clock.instant()))
                .filter(m -> credentials.passwords().verify(m.getAddress(), password, m.getClientPasswordHash()))
                .map(m -> MailboxInfo.of(m, directory.usedBytes(m)));
    }
}
