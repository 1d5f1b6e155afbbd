package it.certmail.pec.e2e.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Una casella vista dal titolare: lists and downloads through the mailbox owner API with the client password, and
 * waits for messages to arrive.
 */
public final class Mailbox {

    private static final long POLL_MS = 400;

    private final PecServer server;
    private final String address;
    private final String password;

    public Mailbox(PecServer server, String address, String clientPassword) {
        this.server = server;
        this.address = address;
        this.password = clientPassword;
    }

    public String address() {
        return address;
    }

    public String password() {
        return password;
    }

    public PecServer server() {
        return server;
    }

    /** {@code GET /api/mailbox/messages?folder=INBOX}. */
    public List<Map<String, Object>> list() {
        return server.rest().messages(address, password, "INBOX");
    }

    public PecMail fetch(Map<String, Object> entry) {
        String id = String.valueOf(entry.get("id"));
        return new PecMail(address, id, server.rest().raw(address, password, id));
    }

    /** Every message in the INBOX, downloaded. */
    public List<PecMail> all() {
        return list().stream().map(this::fetch).toList();
    }

    /** The listed messages whose subject is exactly {@code subject}. */
    public List<Map<String, Object>> withSubject(String subject) {
        return list().stream().filter(m -> subject.equals(m.get("subject"))).toList();
    }

    public List<PecMail> fetchWithSubject(String subject) {
        return withSubject(subject).stream().map(this::fetch).toList();
    }

    /** Waits until a message with exactly this subject is listed and downloads it. */
    public PecMail await(String subject, Duration timeout) {
        return await(m -> subject.equals(m.get("subject")), 1, timeout, "subject \"" + subject + "\"").get(0);
    }

    /** Waits until at least {@code count} listed messages match; returns them downloaded. */
    public List<PecMail> await(Predicate<Map<String, Object>> filter, int count, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Map<String, Object>> found = List.of();
        while (true) {
            if (!server.isAlive()) {
                throw new AssertionError(server.name() + " died while waiting for " + what + " in " + address
                        + "; log tail:\n" + server.logTail(40));
            }
            found = list().stream().filter(filter).toList();
            if (found.size() >= count || System.nanoTime() > deadline) {
                break;
            }
            PecServer.sleep(POLL_MS);
        }
        if (found.size() < count) {
            List<Object> subjects = new ArrayList<>();
            list().forEach(m -> subjects.add(m.get("subject")));
            throw new AssertionError("after " + timeout.toSeconds() + " s " + address + " has " + found.size()
                    + " of " + count + " messages with " + what + "; INBOX subjects: " + subjects);
        }
        return found.stream().map(this::fetch).toList();
    }

    /** Waits {@code quiet} and returns the messages with this subject (to prove that nothing more arrives). */
    public List<Map<String, Object>> afterQuietPeriod(String subject, Duration quiet) {
        PecServer.sleep(quiet.toMillis());
        return withSubject(subject);
    }

    @Override
    public String toString() {
        return address + "@" + server.name();
    }
}
