package it.certmail.pec.mailbox.infra;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.EntityManager;

import it.certmail.pec.mailbox.billing.domain.PlanTerms;
import it.certmail.pec.mailbox.billing.infra.JpaBilling;
import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.billing.model.Plan;
import it.certmail.pec.mailbox.billing.model.Subscription;
import it.certmail.pec.mailbox.domain.LifecycleMachine;
import it.certmail.pec.mailbox.domain.LifecycleStep;
import it.certmail.pec.mailbox.domain.PendingStep;
import it.certmail.pec.mailbox.model.LifecycleFacts;
import it.certmail.pec.mailbox.model.LifecyclePhase;
import it.certmail.pec.mailbox.model.LifecyclePolicy;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.mailbox.model.SpecialUse;

/**
 * Passi del ciclo di vita a blocchi: the common lifecycle steps (expiry, disable, start of cessation, final notice)
 * of many subscriptions in the caller's one transaction, with a handful of statements per chunk instead of a
 * dozen per mailbox: the chunk's subscription rows are locked in one {@code SELECT ... FOR UPDATE}, read with their
 * mailboxes in one query, the steps are decided by {@link LifecycleMachine} as in {@link JpaLifecycle}, and the
 * step records, notices and new facts are written with batched JDBC statements on the persistence context's
 * connection.
 *
 * <p>The guarantees are the per-mailbox path's: each step is recorded under its key in {@code lifecycle_step},
 * whose unique constraint makes a repeated step fail the whole chunk (nothing of it commits); the caller then
 * advances the chunk's subscriptions one by one with {@link JpaLifecycle#advance}, which finds such a step done and
 * leaves it for an admin. Steps this class does not perform (purge, deletion: they delete content; charges: they
 * talk to the gateway) stop a subscription here and put it in {@link Outcome#single()}, for the per-mailbox path
 * after the chunk commits.
 */
public class LifecycleChunk {

    /** The steps done here; the others go through {@link JpaLifecycle#advance}. */
    public static final Set<LifecycleStep> HANDLED = EnumSet.of(LifecycleStep.EXPIRE, LifecycleStep.DISABLE,
            LifecycleStep.START_CESSATION, LifecycleStep.FINAL_NOTICE);
    /** as {@link JpaLifecycle}: at most this many steps for one mailbox in one call */
    private static final int MAX_STEPS = 20;
    /** ids come from sequences with increment 50, as JPA's {@code allocationSize = 50} uses them */
    private static final int ALLOCATION = 50;
    private static final String ARCHIVE = SpecialUse.ARCHIVE.attribute();

    /**
     * What a chunk did.
     *
     * @param steps  steps performed and recorded, by subscription id
     * @param single subscriptions with a due step left for the per-mailbox path (purge, deletion, charge)
     */
    public record Outcome(List<LifecycleStep> steps, List<Long> single) {
    }

    private final EntityManager em;

    public LifecycleChunk(EntityManager em) {
        this.em = Objects.requireNonNull(em, "em");
    }

    /**
     * Performs the due steps of {@code job} for the subscriptions {@code ids} (at most a few hundred), in the
     * caller's transaction. Subscriptions gone or no longer due are skipped.
     *
     * @throws IllegalStateException on a database error (the transaction must then roll back)
     */
    public Outcome advance(Collection<Long> ids, String job, Instant now) {
        if (ids.isEmpty()) {
            return new Outcome(List.of(), List.of());
        }
        em.flush();
        Connection c = em.unwrap(Connection.class);
        try {
            return advance(c, List.copyOf(ids), job, now);
        } catch (SQLException e) {
            throw new IllegalStateException("lifecycle chunk of " + ids.size() + " subscriptions failed: " + e.getMessage(), e);
        }
    }

    /** One subscription of the chunk as read, and what the chunk does to it. */
    private static final class Row {
        long id;
        long mailboxId;
        PlanTerms terms;
        LifecycleFacts facts;
        Instant phaseSince;
        String phone;
        String address;
        String referenceEmail;
        MailboxStatus status;
        long quota;
        boolean quotaDue;
        boolean endServices;
        int steps;
    }

    private record StepRow(long mailboxId, String key, String step) {
    }

    private record NoticeRow(String address, NoticeOutbox.Route route, LifecycleNotices.Draft draft) {
    }

    private Outcome advance(Connection c, List<Long> ids, String job, Instant now) throws SQLException {
        String in = placeholders(ids.size());
        try (PreparedStatement lock = c.prepareStatement("SELECT id FROM subscription WHERE id IN (" + in
                + ") ORDER BY id FOR UPDATE")) {
            bindIds(lock, 1, ids);
            try (ResultSet rs = lock.executeQuery()) {
                while (rs.next()) {
                    // locked: read below, after every concurrent change of these rows has committed
                    rs.getLong(1);
                }
            }
        }
        Map<String, PlanTerms> plans = new HashMap<>();
        for (Plan p : em.createQuery("SELECT p FROM Plan p", Plan.class).getResultList()) {
            plans.put(p.getCode(), JpaBilling.terms(p));
        }
        List<Row> rows = read(c, ids, in, plans);

        List<Long> single = new ArrayList<>();
        List<StepRow> stepRows = new ArrayList<>();
        List<NoticeRow> noticeRows = new ArrayList<>();
        for (Row r : rows) {
            LifecyclePolicy policy = r.terms.policy();
            while (r.steps < MAX_STEPS) {
                Optional<PendingStep> next = LifecycleMachine.next(r.facts, policy);
                if (next.isEmpty() || !next.get().isDue(now) || !next.get().step().job().equals(job)) {
                    break;
                }
                PendingStep step = next.get();
                if (!HANDLED.contains(step.step())) {
                    single.add(r.id);
                    break;
                }
                LifecycleFacts after = LifecycleMachine.after(r.facts, step.step(), policy);
                stepRows.add(new StepRow(r.mailboxId, step.key(r.facts.expiresAt()), step.step().name()));
                LifecycleNotices.of(step.step(), r.address, after, policy).ifPresent(d -> noticeRows.add(
                        new NoticeRow(r.address, NoticeOutbox.route(d.channel(), r.phone, r.referenceEmail, r.address), d)));
                if (LifecycleNotices.endsServices(step.step(), policy)) {
                    r.endServices = true;
                }
                if (step.step() == LifecycleStep.EXPIRE) {
                    r.quotaDue = true;
                }
                if (after.phase() != r.facts.phase()) {
                    r.phaseSince = now;
                }
                r.facts = after;
                r.steps++;
            }
        }
        List<Row> changed = rows.stream().filter(r -> r.steps > 0).toList();
        if (changed.isEmpty()) {
            return new Outcome(List.of(), single);
        }
        endServices(c, changed.stream().filter(r -> r.endServices).toList(), now);
        quotas(c, changed.stream().filter(r -> r.quotaDue).toList(), now);
        insertSteps(c, stepRows, now);
        insertNotices(c, noticeRows, now);
        updateSubscriptions(c, changed);
        updateMailboxes(c, changed);
        evict(changed);
        return new Outcome(stepRows.stream().map(r -> LifecycleStep.valueOf(r.step())).toList(), single);
    }

    private static List<Row> read(Connection c, List<Long> ids, String in, Map<String, PlanTerms> plans)
            throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.mailbox_id, s.plan_code, s.phase, s.expires_at,"
                + " s.auto_renew, s.failed_charges, s.first_failed_at, s.last_charge_at, s.cessation_ends_at,"
                + " s.final_notice_sent, s.phase_since, s.alert_phone, m.address, m.reference_email, m.status,"
                + " m.quota_bytes FROM subscription s JOIN mailbox m ON m.id = s.mailbox_id WHERE s.id IN (" + in
                + ") ORDER BY s.id")) {
            bindIds(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row r = new Row();
                    r.id = rs.getLong(1);
                    r.mailboxId = rs.getLong(2);
                    r.terms = plans.get(rs.getString(3));
                    r.facts = new LifecycleFacts(LifecyclePhase.valueOf(rs.getString(4)), instant(rs, 5),
                            rs.getBoolean(6), rs.getInt(7), instant(rs, 8), instant(rs, 9), instant(rs, 10),
                            rs.getBoolean(11));
                    r.phaseSince = instant(rs, 12);
                    r.phone = rs.getString(13);
                    r.address = rs.getString(14);
                    r.referenceEmail = rs.getString(15);
                    r.status = MailboxStatus.valueOf(rs.getString(16));
                    r.quota = rs.getLong(17);
                    if (r.terms == null) {
                        throw new IllegalStateException("subscription " + r.id + " has an unknown plan " + rs.getString(3));
                    }
                    rows.add(r);
                }
            }
        }
        return rows;
    }

    /** Reception only: the archive goes (where the plan says so) and the add-ons end, as in {@link JpaLifecycle}. */
    private void endServices(Connection c, List<Row> rows, Instant now) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<Long> archiveGoes = rows.stream().filter(r -> r.terms.policy().deleteArchiveOnExpiry())
                .map(r -> r.mailboxId).toList();
        if (!archiveGoes.isEmpty()) {
            List<Long> withArchive = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT f.mailbox_id FROM mail_folder f"
                    + " JOIN stored_message s ON s.folder_id = f.id WHERE f.special_use = ? AND f.mailbox_id IN ("
                    + placeholders(archiveGoes.size()) + ")")) {
                ps.setString(1, ARCHIVE);
                bindIds(ps, 2, archiveGoes);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        withArchive.add(rs.getLong(1));
                    }
                }
            }
            // few mailboxes have an archive to delete: the per-mailbox deletion keeps the blob counts right
            MailboxContent content = new MailboxContent(em);
            for (Long mailboxId : withArchive) {
                content.deleteArchive(mailboxId);
            }
        }
        List<Long> subs = rows.stream().map(r -> r.id).toList();
        try (PreparedStatement ps = c.prepareStatement("UPDATE subscription_addon SET expires_at = ? WHERE expires_at > ?"
                + " AND subscription_id IN (" + placeholders(subs.size()) + ")")) {
            ps.setObject(1, utc(now));
            ps.setObject(2, utc(now));
            bindIds(ps, 3, subs);
            ps.executeUpdate();
        }
    }

    /** The quota after expiry ({@link PlanTerms#quotaBytes}), with the running add-ons of the chunk in one query. */
    private static void quotas(Connection c, List<Row> rows, Instant now) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Map<Long, long[]> extras = new HashMap<>();
        List<Long> subs = rows.stream().map(r -> r.id).toList();
        try (PreparedStatement ps = c.prepareStatement("SELECT subscription_id, kind, SUM(units) FROM subscription_addon"
                + " WHERE expires_at > ? AND subscription_id IN (" + placeholders(subs.size()) + ")"
                + " GROUP BY subscription_id, kind")) {
            ps.setObject(1, utc(now));
            bindIds(ps, 2, subs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AddOnKind kind = AddOnKind.valueOf(rs.getString(2));
                    long[] e = extras.computeIfAbsent(rs.getLong(1), k -> new long[2]);
                    if (kind == AddOnKind.EXTRA_GB) {
                        e[0] += rs.getLong(3) * kind.bytesPerUnit();
                    } else if (kind == AddOnKind.ARCHIVE_GB) {
                        e[1] += rs.getLong(3) * kind.bytesPerUnit();
                    }
                }
            }
        }
        for (Row r : rows) {
            long[] e = extras.getOrDefault(r.id, new long[2]);
            r.quota = r.terms.quotaBytes(r.facts.phase(), e[0] + e[1]);
        }
    }

    private static void insertSteps(Connection c, List<StepRow> steps, Instant now) throws SQLException {
        long[] ids = nextIds(c, "lifecycle_step_seq", steps.size());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lifecycle_step (id, mailbox_id, step_key, step,"
                + " done_at, detail) VALUES (?, ?, ?, ?, ?, NULL)")) {
            for (int i = 0; i < steps.size(); i++) {
                StepRow s = steps.get(i);
                ps.setLong(1, ids[i]);
                ps.setLong(2, s.mailboxId());
                ps.setString(3, s.key());
                ps.setString(4, s.step());
                ps.setObject(5, utc(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertNotices(Connection c, List<NoticeRow> notices, Instant now) throws SQLException {
        if (notices.isEmpty()) {
            return;
        }
        long[] ids = nextIds(c, "notice_seq", notices.size());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notice (id, mailbox_address, channel, recipient,"
                + " subject, body, dedupe_key, created_at, sent_at, attempts, last_error)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, NULL)")) {
            for (int i = 0; i < notices.size(); i++) {
                NoticeRow n = notices.get(i);
                String body = n.draft().body();
                ps.setLong(1, ids[i]);
                ps.setString(2, n.address());
                ps.setString(3, n.route().channel().name());
                ps.setString(4, n.route().recipient());
                ps.setString(5, n.draft().subject());
                ps.setString(6, body.length() <= 4000 ? body : body.substring(0, 4000));
                // unique: a notice queued before makes the chunk fail and go the per-mailbox way
                ps.setString(7, n.address() + "/" + n.draft().key());
                ps.setObject(8, utc(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void updateSubscriptions(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE subscription SET phase = ?, expires_at = ?, auto_renew = ?,"
                + " failed_charges = ?, first_failed_at = ?, last_charge_at = ?, cessation_ends_at = ?,"
                + " final_notice_sent = ?, phase_since = ?, next_step = ?, next_step_at = ?, version = version + 1"
                + " WHERE id = ?")) {
            for (Row r : rows) {
                LifecycleFacts f = r.facts;
                Optional<PendingStep> next = LifecycleMachine.next(f, r.terms.policy());
                ps.setString(1, f.phase().name());
                setInstant(ps, 2, f.expiresAt());
                ps.setBoolean(3, f.autoRenew());
                ps.setInt(4, f.failedCharges());
                setInstant(ps, 5, f.firstFailedAt());
                setInstant(ps, 6, f.lastChargeAt());
                setInstant(ps, 7, f.cessationEndsAt());
                ps.setBoolean(8, f.finalNoticeSent());
                setInstant(ps, 9, r.phaseSince);
                ps.setString(10, next.map(p -> p.step().name()).orElse(null));
                setInstant(ps, 11, next.map(PendingStep::dueAt).orElse(null));
                ps.setLong(12, r.id);
                ps.addBatch();
            }
            checkCounts(ps.executeBatch(), "subscription");
        }
    }

    private static void updateMailboxes(Connection c, List<Row> rows) throws SQLException {
        List<Row> changed = new ArrayList<>();
        Map<Long, MailboxStatus> status = new LinkedHashMap<>();
        for (Row r : rows) {
            MailboxStatus target = r.facts.phase().status();
            MailboxStatus next = r.status != target && r.status.canChangeTo(target) ? target : r.status;
            status.put(r.id, next);
            if (next != r.status || r.quotaDue) {
                changed.add(r);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE mailbox SET status = ?, quota_bytes = ?,"
                + " version = version + 1 WHERE id = ?")) {
            for (Row r : changed) {
                ps.setString(1, status.get(r.id).name());
                ps.setLong(2, r.quota);
                ps.setLong(3, r.mailboxId);
                ps.addBatch();
            }
            checkCounts(ps.executeBatch(), "mailbox");
        }
    }

    /** A shared cache (tests' resource-local unit) must not hand out the rows as they were. */
    private void evict(List<Row> rows) {
        var cache = em.getEntityManagerFactory().getCache();
        for (Row r : rows) {
            cache.evict(Subscription.class, r.id);
            cache.evict(Mailbox.class, r.mailboxId);
        }
    }

    private static void checkCounts(int[] counts, String table) {
        for (int n : counts) {
            // SUCCESS_NO_INFO (-2) is a success whose count the driver does not know
            if (n == 0) {
                throw new IllegalStateException("a " + table + " row of the chunk was not updated");
            }
        }
    }

    /** {@code n} fresh ids: each value of the sequence opens a block of {@link #ALLOCATION}, as JPA takes them. */
    private static long[] nextIds(Connection c, String sequence, int n) throws SQLException {
        long[] ids = new long[n];
        int blocks = (n + ALLOCATION - 1) / ALLOCATION;
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        List<Long> ends = new ArrayList<>();
        if (postgres) {
            try (PreparedStatement ps = c.prepareStatement("SELECT nextval('" + sequence + "') FROM generate_series(1, ?)")) {
                ps.setInt(1, blocks);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ends.add(rs.getLong(1));
                    }
                }
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("VALUES NEXT VALUE FOR " + sequence)) {
                for (int b = 0; b < blocks; b++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        ends.add(rs.getLong(1));
                    }
                }
            }
        }
        int k = 0;
        for (long end : ends) {
            for (long id = end - ALLOCATION + 1; id <= end && k < n; id++) {
                ids[k++] = id;
            }
        }
        return ids;
    }

    private static String placeholders(int n) {
        return "?" + ",?".repeat(n - 1);
    }

    private static void bindIds(PreparedStatement ps, int first, List<Long> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            ps.setLong(first + i, ids.get(i));
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, utc(t));
        }
    }
}
