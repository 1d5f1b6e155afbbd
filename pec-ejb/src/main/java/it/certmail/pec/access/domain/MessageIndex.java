package it.certmail.pec.access.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Indice dei messaggi: UID, flags and modseq of many messages, by ascending UID, in parallel arrays. A session keeps
 * the folder it selected this way (about 20 bytes a message instead of a record with its own flag set): flag sets
 * are shared, since a folder has few distinct ones. Not thread-safe.
 */
public final class MessageIndex {

    private long[] uids;
    private long[] modseqs;
    private int[] flagIds;
    private int size;
    private final List<Set<String>> flagSets = new ArrayList<>();
    private final Map<Set<String>, Integer> flagSetIds = new HashMap<>();

    public MessageIndex() {
        this(16);
    }

    public MessageIndex(int capacity) {
        int c = Math.max(4, capacity);
        uids = new long[c];
        modseqs = new long[c];
        flagIds = new int[c];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** UID of the message at {@code index} (0-based: the message number minus one). */
    public long uid(int index) {
        check(index);
        return uids[index];
    }

    public long modseq(int index) {
        check(index);
        return modseqs[index];
    }

    /** Flags as the store lists them (system flags first, then keywords); unmodifiable. */
    public Set<String> flags(int index) {
        check(index);
        return flagSets.get(flagIds[index]);
    }

    public boolean hasFlag(int index, String flag) {
        for (String f : flags(index)) {
            if (f.equalsIgnoreCase(flag)) {
                return true;
            }
        }
        return false;
    }

    /** The highest UID, 0 when empty. */
    public long maxUid() {
        return size == 0 ? 0 : uids[size - 1];
    }

    /** Appends a message; its UID must be above every UID already here. */
    public void add(long uid, Set<String> flags, long modseq) {
        if (size > 0 && uid <= uids[size - 1]) {
            throw new IllegalArgumentException("UID " + uid + " is not above " + uids[size - 1]);
        }
        if (size == uids.length) {
            int c = uids.length + (uids.length >> 1) + 1;
            uids = Arrays.copyOf(uids, c);
            modseqs = Arrays.copyOf(modseqs, c);
            flagIds = Arrays.copyOf(flagIds, c);
        }
        uids[size] = uid;
        modseqs[size] = modseq;
        flagIds[size] = flagSetId(flags);
        size++;
    }

    /** Replaces flags and modseq of the message at {@code index}. */
    public void set(int index, Set<String> flags, long modseq) {
        check(index);
        modseqs[index] = modseq;
        flagIds[index] = flagSetId(flags);
    }

    /** Removes the message at {@code index}; the ones after it move down by one. */
    public void remove(int index) {
        check(index);
        int tail = size - index - 1;
        System.arraycopy(uids, index + 1, uids, index, tail);
        System.arraycopy(modseqs, index + 1, modseqs, index, tail);
        System.arraycopy(flagIds, index + 1, flagIds, index, tail);
        size--;
    }

    /** Index of {@code uid}, or -1. */
    public int indexOf(long uid) {
        int i = Arrays.binarySearch(uids, 0, size, uid);
        return i < 0 ? -1 : i;
    }

    /** Index of the first message whose UID is at least {@code uid} ({@link #size()} if none). */
    public int ceiling(long uid) {
        int i = Arrays.binarySearch(uids, 0, size, uid);
        return i < 0 ? -i - 1 : i;
    }

    private int flagSetId(Set<String> flags) {
        Integer id = flagSetIds.get(flags);
        if (id != null) {
            return id;
        }
        Set<String> copy = Collections.unmodifiableSet(new LinkedHashSet<>(flags));
        int next = flagSets.size();
        flagSets.add(copy);
        flagSetIds.put(copy, next);
        return next;
    }

    private void check(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("message " + index + " of " + size);
        }
    }
}
