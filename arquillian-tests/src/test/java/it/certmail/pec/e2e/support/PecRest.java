package it.certmail.pec.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Client REST di un gestore: the admin, mailbox owner and tools calls of architecture.md §4, over java.net.http. */
public final class PecRest {

    /** Status and body of one call. */
    public record Response(int status, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public boolean ok() {
            return status / 100 == 2;
        }

        public Map<String, Object> json() {
            return Json.object(text());
        }

        public Response requireOk(String what) {
            if (!ok()) {
                throw new IllegalStateException(what + " answered " + status + ": " + Json.abbreviate(text()));
            }
            return this;
        }
    }

    // HTTP/1.1: no h2c upgrade, so no HTTP/2 connection to a server that was killed can be taken from the pool
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String lastHealth = "not asked yet";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final String base;
    private final String adminPassword;

    public PecRest(int httpPort, String adminPassword) {
        this.base = "http://127.0.0.1:" + httpPort;
        this.adminPassword = adminPassword;
    }

    public Response get(String path, String user, String password) {
        return send(request(path, user, password).GET());
    }

    public Response post(String path, String user, String password, String contentType, byte[] body) {
        return send(request(path, user, password).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Response patch(String path, String user, String password, String json) {
        return send(request(path, user, password).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response adminGet(String path) {
        return get(path, "admin", adminPassword);
    }

    public Response adminPost(String path, String contentType, String body) {
        return post(path, "admin", adminPassword, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public Response adminPostJson(String path, String json) {
        return adminPost(path, "application/json", json);
    }

    public Response adminPutJson(String path, String json) {
        return send(request(path, "admin", adminPassword).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Chooses the signature profile ({@code sha256}, {@code legacy}, {@code default}) for a provider's main record. */
    public Response chooseSignatureProfile(String providerName, String profile) {
        return adminPutJson("/api/admin/providers/signature-profile", Json.of("name", providerName, "profile", profile));
    }

    public int health() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            lastHealth = r.statusCode() + " " + r.body();
            return r.statusCode() == 200 && r.body().contains("UP") ? 200 : r.statusCode();
        } catch (IOException e) {
            lastHealth = e.toString();
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** What the last {@link #health()} call got (status and body, or the failure), for a test's report. */
    public String lastHealth() {
        return lastHealth;
    }

    // --- admin ---

    public void createDomain(String name) {
        adminPostJson("/api/admin/domains", Json.of("name", name)).requireOk("POST /api/admin/domains " + name);
    }

    public void createMailbox(String address, String holderName) {
        adminPostJson("/api/admin/mailboxes", Json.of("address", address, "password", "Web-Password-1!",
                "holderName", holderName, "referenceEmail", address.replace('@', '.') + "@example.org"))
                .requireOk("POST /api/admin/mailboxes " + address);
    }

    /** A new client password for IMAP/POP3/SMTP and the mailbox API. */
    public String clientPassword(String address) {
        return (String) adminPost("/api/admin/mailboxes/" + enc(address) + "/client-password", "application/json", "")
                .requireOk("client-password " + address).json().get("password");
    }

    public void setAcceptOrdinaryMail(String address, boolean accept) {
        patch("/api/admin/mailboxes/" + enc(address), "admin", adminPassword, Json.of("acceptOrdinaryMail", accept))
                .requireOk("PATCH acceptOrdinaryMail " + address);
    }

    public String providerLdif() {
        return adminGet("/api/admin/provider/ldif").requireOk("GET provider/ldif").text();
    }

    public String providerCaPem() {
        return adminGet("/api/admin/provider/ca").requireOk("GET provider/ca").text();
    }

    public void importProviders(String ldif) {
        adminPost("/api/admin/providers", "text/plain", ldif).requireOk("POST /api/admin/providers");
    }

    public void addTrustAnchors(String pem) {
        adminPost("/api/admin/provider/trust-anchors", "text/plain", pem).requireOk("POST trust-anchors");
    }

    public List<Map<String, Object>> log(String msgid) {
        return Json.arrayOfObjects(adminGet("/api/admin/log?msgid=" + enc(msgid)).requireOk("GET log").text());
    }

    /** {@code POST /api/admin/clock/advance}; the raw response, so that a missing endpoint (404) can be reported. */
    public Response advanceClock(int hours) {
        return adminPostJson("/api/admin/clock/advance", Json.of("hours", hours));
    }

    /** {@code POST /api/admin/jobs/{name}/run}. */
    public Response runJob(String name) {
        return adminPostJson("/api/admin/jobs/" + enc(name) + "/run", "{}");
    }

    // --- tools ---

    public Map<String, Object> verify(byte[] eml) {
        return post("/api/tools/verify", "admin", adminPassword, "message/rfc822", eml).requireOk("POST /api/tools/verify").json();
    }

    // --- mailbox owner ---

    public List<Map<String, Object>> messages(String address, String clientPassword, String folder) {
        return Json.arrayOfObjects(get("/api/mailbox/messages?folder=" + enc(folder), address, clientPassword)
                .requireOk("GET messages of " + address).text());
    }

    public byte[] raw(String address, String clientPassword, String id) {
        return get("/api/mailbox/messages/" + enc(id) + "/raw", address, clientPassword)
                .requireOk("GET raw " + id + " of " + address).body();
    }

    private HttpRequest.Builder request(String path, String user, String password) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    private static Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
