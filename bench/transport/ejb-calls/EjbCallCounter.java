package it.certmail.pec.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;

/**
 * Benchmark instrument, never committed into the build: a default interceptor (WEB-INF/ejb-jar.xml) on every EJB
 * that counts business-method calls by bean and method and writes the counts every 2 s to
 * bench/target/ejb-calls-PID.txt (the server runs in the repository root). Applied by bench/transport/ejb-calls/apply.sh.
 */
public class EjbCallCounter {

    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();

    static {
        Thread t = new Thread(EjbCallCounter::dumpLoop, "ejb-call-counter");
        t.setDaemon(true);
        t.start();
    }

    @AroundInvoke
    public Object count(InvocationContext ctx) throws Exception {
        CALLS.computeIfAbsent(ctx.getMethod().getDeclaringClass().getSimpleName() + "." + ctx.getMethod().getName(),
                k -> new LongAdder()).increment();
        return ctx.proceed();
    }

    private static void dumpLoop() {
        Path out = Path.of("bench/target/ejb-calls-" + ProcessHandle.current().pid() + ".txt");
        while (true) {
            try {
                Thread.sleep(2000);
                StringBuilder b = new StringBuilder();
                new TreeMap<>(CALLS).forEach((k, v) -> b.append(v.sum()).append(' ').append(k).append('\n'));
                Files.createDirectories(out.getParent());
                Files.writeString(out, b.toString());
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // keep counting
            }
        }
    }
}
