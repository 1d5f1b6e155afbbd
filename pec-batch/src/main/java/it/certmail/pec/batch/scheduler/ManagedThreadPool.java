package it.certmail.pec.batch.scheduler;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import org.quartz.SchedulerConfigException;
import org.quartz.spi.ThreadPool;

/**
 * Quartz's worker pool over {@code java:comp/DefaultManagedExecutorService} (stack.md §3.2): at most
 * {@code threadCount} jobs at once, counted by a semaphore, since the managed executor is shared with the rest of
 * the application. Quartz creates this class from {@code org.quartz.threadPool.class}.
 *
 * <p>{@link #runInThread} never answers {@code false}: Quartz would put the fired trigger in ERROR state for
 * good. If the executor refuses the task (the application is stopping), the job runs on the calling thread.
 */
public class ManagedThreadPool implements ThreadPool {

    private static final Logger LOG = Logger.getLogger(ManagedThreadPool.class.getName());
    private static final long POLL_MILLIS = 200;

    private int threadCount = 4;
    private long shutdownTimeoutSeconds = 60;
    private String executorJndiName = "java:comp/DefaultManagedExecutorService";
    private Executor executor;
    private Semaphore permits;
    private volatile boolean shutdown;

    public ManagedThreadPool() {
    }

    ManagedThreadPool(Executor executor, int threadCount, long shutdownTimeoutSeconds) {
        this.executor = executor;
        this.threadCount = threadCount;
        this.shutdownTimeoutSeconds = shutdownTimeoutSeconds;
    }

    /** {@code org.quartz.threadPool.threadCount}: jobs running at once on this node. */
    public void setThreadCount(int threadCount) {
        this.threadCount = threadCount;
    }

    /** {@code org.quartz.threadPool.executorJndiName} */
    public void setExecutorJndiName(String name) {
        this.executorJndiName = name;
    }

    /** {@code org.quartz.threadPool.shutdownTimeoutSeconds}: how long {@code shutdown(true)} waits for jobs. */
    public void setShutdownTimeoutSeconds(long seconds) {
        this.shutdownTimeoutSeconds = seconds;
    }

    @Override
    public void initialize() throws SchedulerConfigException {
        if (threadCount < 1) {
            throw new SchedulerConfigException("threadCount must be at least 1, not " + threadCount);
        }
        permits = new Semaphore(threadCount);
        if (executor == null) {
            try {
                executor = (Executor) new InitialContext().lookup(executorJndiName);
            } catch (NamingException e) {
                throw new SchedulerConfigException("no managed executor at " + executorJndiName, e);
            }
        }
    }

    /** Waits for a free slot, then hands the job to the executor; past shutdown it does not wait for a slot. */
    @Override
    public boolean runInThread(Runnable job) {
        boolean permitted = false;
        try {
            while (!shutdown && !permitted) {
                permitted = permits.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean release = permitted;
        try {
            executor.execute(() -> {
                try {
                    job.run();
                } finally {
                    if (release) {
                        permits.release();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warning("the managed executor refused a job; running it on the scheduler thread");
            try {
                job.run();
            } finally {
                if (release) {
                    permits.release();
                }
            }
        }
        return true;
    }

    /** Blocks until a slot is free and says how many are; 0 once shut down, which Quartz's loop checks. */
    @Override
    public int blockForAvailableThreads() {
        try {
            while (!shutdown) {
                if (permits.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    permits.release();
                    return Math.max(1, permits.availablePermits());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Stops taking slots; with {@code waitForJobs}, waits (bounded) until every running job has returned its slot. */
    @Override
    public void shutdown(boolean waitForJobs) {
        shutdown = true;
        if (!waitForJobs || permits == null) {
            return;
        }
        try {
            if (permits.tryAcquire(threadCount, shutdownTimeoutSeconds, TimeUnit.SECONDS)) {
                permits.release(threadCount);
            } else {
                LOG.warning(() -> (threadCount - permits.availablePermits()) + " job(s) still running after "
                        + shutdownTimeoutSeconds + " s; not waiting any longer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Jobs running now. */
    int busy() {
        return threadCount - permits.availablePermits();
    }

    @Override
    public int getPoolSize() {
        return threadCount;
    }

    @Override
    public void setInstanceId(String schedInstId) {
        // names are the container's: nothing to do
    }

    @Override
    public void setInstanceName(String schedName) {
        // names are the container's: nothing to do
    }
}
