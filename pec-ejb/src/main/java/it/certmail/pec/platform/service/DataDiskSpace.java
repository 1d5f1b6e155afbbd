package it.certmail.pec.platform.service;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import it.certmail.pec.platform.domain.FreeSpaceGuard;
import it.certmail.pec.platform.domain.FreeSpaceWatch;

/**
 * The free-space guard of this node ({@code pec.storage.min-free-mb}) over the data directory's file system (H2
 * files, keys, Payara's runtime directory) and, when it is another one, the JVM's temporary directory (where
 * messages above 1 MB are spooled while they are processed). Asked before new mail is taken; a reading lasts a
 * second. Logs once when the guard starts refusing and once when it stops.
 *
 * <p>A second, lower threshold ({@code pec.storage.work-min-free-mb}, by default half the first) is for the work
 * already accepted: the transport's work loops and the scheduled jobs pause below it, so that what still fills the
 * disk from outside meets a database that is not writing, and they go on by themselves when space returns.
 */
@ApplicationScoped
public class DataDiskSpace {

    private static final Logger LOG = Logger.getLogger(DataDiskSpace.class.getName());
    static final Duration READING_LASTS = Duration.ofSeconds(1);
    private static final long MB = 1024 * 1024;

    @Inject
    PlatformSettings settings;

    @Inject @ConfigProperty(name = "pec.storage.min-free-mb", defaultValue = "256")
    long minFreeMb;

    /** Unset: half of {@code pec.storage.min-free-mb}; never above it. */
    @Inject @ConfigProperty(name = "pec.storage.work-min-free-mb")
    Optional<Long> workMinFreeMb;

    private FreeSpaceWatch intake;
    private FreeSpaceWatch work;
    private long workMinMb;

    @PostConstruct
    void init() {
        // one probe per file system: the temporary directory is often on the data directory's own
        Map<Object, Path> watched = new LinkedHashMap<>();
        for (Path dir : List.of(settings.dataDir(), Path.of(System.getProperty("java.io.tmpdir")))) {
            Object key;
            try {
                key = store(dir);
            } catch (IOException e) {
                key = dir;
            }
            watched.putIfAbsent(key, dir);
        }
        List<FreeSpaceGuard.Probe> probes = new ArrayList<>();
        watched.values().forEach(dir -> probes.add(() -> store(dir).getUsableSpace()));
        long intakeMb = Math.max(0, minFreeMb);
        workMinMb = workMinimumMb(intakeMb, workMinFreeMb);
        if (workMinFreeMb.isPresent() && workMinFreeMb.get() > intakeMb) {
            LOG.warning(() -> "pec.storage.work-min-free-mb (" + workMinFreeMb.get() + ") is above"
                    + " pec.storage.min-free-mb (" + intakeMb + "): the work loops would stop while mail is still"
                    + " taken; using " + workMinMb);
        }
        intake = new FreeSpaceWatch(new FreeSpaceGuard(probes, intakeMb * MB, READING_LASTS, System::nanoTime));
        work = new FreeSpaceWatch(new FreeSpaceGuard(probes, workMinMb * MB, READING_LASTS, System::nanoTime));
        LOG.info(() -> minFreeMb <= 0 ? "free-space guard off (pec.storage.min-free-mb=0)"
                : "new mail refused below " + minFreeMb + " MB free on the file systems of " + watched.values()
                        + "; work loops and scheduled jobs paused below " + workMinMb + " MB");
    }

    /** The work threshold: the configured one (at most the intake's), else half the intake's; 0 when that is off. */
    static long workMinimumMb(long intakeMb, Optional<Long> configured) {
        if (intakeMb == 0) {
            return 0;
        }
        return configured.map(mb -> Math.max(0, Math.min(mb, intakeMb))).orElse(intakeMb / 2);
    }

    /** True when new mail may be taken: every watched file system has at least the minimum free. */
    public boolean hasRoom() {
        return checked(intake, r -> "data disk low: " + describe(r) + ", under the minimum of " + minFreeMb
                + " MB (pec.storage.min-free-mb); new mail is refused with a temporary error",
                r -> "data disk: " + describe(r) + " again; new mail is taken again");
    }

    /**
     * True when the work loops and scheduled jobs may write: every watched file system has at least the work
     * threshold free. Callers that get false wait and ask again; nothing is failed or counted as an attempt.
     */
    public boolean hasRoomForWork() {
        return checked(work, r -> "data disk almost full: " + describe(r) + ", under " + workMinMb
                + " MB (pec.storage.work-min-free-mb); the work loops and scheduled jobs pause until space returns",
                r -> "data disk: " + describe(r) + " again; the work loops and scheduled jobs go on");
    }

    /** Checks {@code watch}, logging its change if this check saw one (severe when short, a warning when back). */
    private static boolean checked(FreeSpaceWatch watch, Function<FreeSpaceGuard.Reading, String> nowShort,
                                   Function<FreeSpaceGuard.Reading, String> roomAgain) {
        FreeSpaceWatch.Check c = watch.check();
        if (c.change() == FreeSpaceWatch.Change.NOW_SHORT) {
            LOG.severe(() -> nowShort.apply(c.reading()));
        } else if (c.change() == FreeSpaceWatch.Change.ROOM_AGAIN) {
            LOG.warning(() -> roomAgain.apply(c.reading()));
        }
        return c.enough();
    }

    private static String describe(FreeSpaceGuard.Reading r) {
        return r.failure() != null ? "cannot read free space (" + r.failure() + ")"
                : r.leastFreeBytes() / MB + " MB free";
    }

    /** The least free bytes over the watched file systems at the last reading. */
    public long freeBytes() {
        return intake.guard().reading().leastFreeBytes();
    }

    private static FileStore store(Path dir) throws IOException {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent(); // the data directory may not exist yet on the very first start
        }
        return Files.getFileStore(p == null ? dir : p);
    }
}
