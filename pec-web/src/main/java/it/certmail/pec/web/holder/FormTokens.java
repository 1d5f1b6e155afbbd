package it.certmail.pec.web.holder;

import java.io.Serializable;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gettoni dei moduli: each rendered form that buys something carries a fresh token; the first post with it is
 * carried out, any later post with the same token (a double click, a reload that posts again) is not, so an order
 * is never made twice from one form. Pure and thread-safe; kept per session, the oldest forgotten beyond
 * {@link #MAX_TOKENS}.
 */
public final class FormTokens implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int MAX_TOKENS = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** token to whether it has been used */
    private final LinkedHashMap<String, Boolean> tokens = new LinkedHashMap<>();

    public synchronized String issue() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, Boolean.FALSE);
        while (tokens.size() > MAX_TOKENS) {
            tokens.remove(tokens.keySet().iterator().next());
        }
        return token;
    }

    /** Whether the submission carrying {@code token} may go ahead: once per token issued here. */
    public synchronized boolean redeem(String token) {
        if (token == null || !Boolean.FALSE.equals(tokens.get(token))) {
            return false;
        }
        tokens.put(token, Boolean.TRUE);
        return true;
    }

    /** The submission was refused before doing anything (e.g. a declined payment): the same form may try again. */
    public synchronized void giveBack(String token) {
        if (tokens.containsKey(token)) {
            tokens.put(token, Boolean.FALSE);
        }
    }

    Map<String, Boolean> view() {
        return Map.copyOf(tokens);
    }
}
