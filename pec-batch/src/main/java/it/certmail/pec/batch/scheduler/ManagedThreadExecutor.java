package it.certmail.pec.batch.scheduler;

import java.util.concurrent.ThreadFactory;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import org.quartz.spi.ThreadExecutor;

/**
 * Runs Quartz's own threads (the scheduler loop, the cluster check-in, the misfire handler) on container-managed
 * threads from {@code java:comp/DefaultManagedThreadFactory} (stack.md §3.2): they carry the application's class
 * loader and naming context, and the container knows about them. Quartz creates this class from
 * {@code org.quartz.threadExecutor.class}.
 */
public class ManagedThreadExecutor implements ThreadExecutor {

    private String threadFactoryJndiName = "java:comp/DefaultManagedThreadFactory";
    private ThreadFactory threadFactory;

    public ManagedThreadExecutor() {
    }

    ManagedThreadExecutor(ThreadFactory threadFactory) {
        this.threadFactory = threadFactory;
    }

    /** {@code org.quartz.threadExecutor.threadFactoryJndiName} */
    public void setThreadFactoryJndiName(String name) {
        this.threadFactoryJndiName = name;
    }

    @Override
    public void initialize() {
        if (threadFactory != null) {
            return;
        }
        try {
            threadFactory = (ThreadFactory) new InitialContext().lookup(threadFactoryJndiName);
        } catch (NamingException e) {
            throw new IllegalStateException("no managed thread factory at " + threadFactoryJndiName, e);
        }
    }

    @Override
    public void execute(Thread thread) {
        // Quartz hands over an unstarted Thread subclass: run its run() on a managed thread, under its name
        Thread managed = threadFactory.newThread(thread);
        managed.setName(thread.getName());
        managed.start();
    }
}
