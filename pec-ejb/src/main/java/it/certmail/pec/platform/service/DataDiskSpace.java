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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import it.certmail.pec.platform.domain.FreeSpaceGuard;

/**
 * The free-space guard of this node ({@code pec.storage.min-free-mb}) over the data directory's file system (H2
 * files, keys, Payara's runtime directory) and, when it is another one, the JVM's temporary directory (where
 * messages above 1 MB are spooled while they are processed). Asked before new mail is taken; a reading lasts a
 * second. Logs once when the guard starts refusing and once when it stops.
 */
@ApplicationScoped
public class DataDiskSpace {

    private static final Logger LOG = Logger.getLogger(DataDiskSpace.class.getName());
    static final Duration READING_LASTS = Duration.ofSeconds(1);

    @Inject
    PlatformSettings settings;

    @Inject @ConfigProperty(name = "pec.storage.min-free-mb", defaultValue = "256")
    long minFreeMb;

    private FreeSpaceGuard guard;
    private final AtomicBoolean refusing = new AtomicBoolean();

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
        guard = new FreeSpaceGuard(probes, Math.max(0, minFreeMb) * 1024 * 1024, READING_LASTS, System::nanoTime);
        LOG.info(() -> minFreeMb <= 0 ? "free-space guard off (pec.storage.min-free-mb=0)"
                : "new mail refused below " + minFreeMb + " MB free on the file systems of " + watched.values());
    }

    /** True when new mail may be taken: every watched file system has at least the minimum free. */
    public boolean hasRoom() {
        FreeSpaceGuard.Reading r = guard.reading();
        if (r.enough() == refusing.get()) {
            boolean nowRefusing = !r.enough();
            if (refusing.compareAndSet(!nowRefusing, nowRefusing)) {
                if (nowRefusing) {
                    LOG.severe(() -> "data disk low: " + (r.failure() != null ? "cannot read free space (" + r.failure()
                            + ")" : r.leastFreeBytes() / (1024 * 1024) + " MB free") + ", under the minimum of "
                            + minFreeMb + " MB (pec.storage.min-free-mb); new mail is refused with a temporary error");
                } else {
                    LOG.warning(() -> "data disk: " + r.leastFreeBytes() / (1024 * 1024)
                            + " MB free again; new mail is taken again");
                }
            }
        }
        return r.enough();
    }

    /** The least free bytes over the watched file systems at the last reading. */
    public long freeBytes() {
        return guard.reading().leastFreeBytes();
    }

    private static FileStore store(Path dir) throws IOException {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent(); // the data directory may not exist yet on the very first start
        }
        return Files.getFileStore(p == null ? dir : p);
    }
}
