package it.certmail.pec.access.infra;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the tasks of one connection in order, one at a time, on workers shared by every connection, and fairly:
 * after each task the connection goes back to the end of the workers' queue, so a client that pipelines thousands of
 * commands never keeps another connection's greeting or LOGIN waiting for more than one of its commands.
 * When the connection's queue runs dry, {@code whenDrained} runs (the server flushes the answers there, one write for
 * a whole pipelined batch instead of one per command). A task may ask for a pause: the tasks behind it then wait for
 * a timer, not on a sleeping worker.
 */
final class ConnectionQueue {

    private static final Logger LOG = Logger.getLogger(ConnectionQueue.class.getName());

    /** Schedules a task after a delay (the connection's event loop in the server). */
    interface Timer {
        void schedule(Runnable task, long delay, TimeUnit unit);
    }

    private record Pause(long nanos, Timer timer, Runnable onResume) {
    }

    private final String name;
    private final Executor workers;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private Runnable whenDrained = () -> { };
    private boolean running;
    private Pause pause;

    ConnectionQueue(String name, Executor workers) {
        this.name = name;
        this.workers = workers;
    }

    /** Set before the first task: runs on a worker each time the queue runs dry (not concurrently with a task). */
    void whenDrained(Runnable hook) {
        this.whenDrained = hook;
    }

    /** Called by the running task: once it returns, nothing more of this connection runs for {@code nanos}. */
    synchronized void pauseAfterCurrent(long nanos, Timer timer, Runnable onResume) {
        pause = new Pause(pause == null ? nanos : Math.max(nanos, pause.nanos()), timer, onResume);
    }

    void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        workers.execute(this::runOne);
    }

    /** Tasks waiting behind the one running (if any). */
    synchronized int pending() {
        return tasks.size();
    }

    /** One task, then back to the end of the workers' queue if more wait. */
    private void runOne() {
        Runnable r;
        synchronized (this) {
            r = tasks.poll();
        }
        if (r != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + " session task failed", e);
            }
            Pause p;
            synchronized (this) {
                p = pause;
                pause = null;
            }
            if (p != null) {
                // still "running": new tasks queue behind the pause; the worker is free meanwhile
                p.timer().schedule(() -> workers.execute(() -> {
                    p.onResume().run();
                    runOne();
                }), p.nanos(), TimeUnit.NANOSECONDS);
                return;
            }
        }
        synchronized (this) {
            if (!tasks.isEmpty()) {
                workers.execute(this::runOne);
                return;
            }
        }
        try {
            whenDrained.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, name + " flush failed", e);
        }
        synchronized (this) {
            if (tasks.isEmpty()) {
                running = false;
                return;
            }
        }
        workers.execute(this::runOne);
    }
}
