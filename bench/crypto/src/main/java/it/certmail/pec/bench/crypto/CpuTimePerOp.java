package it.certmail.pec.bench.crypto;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The same operations as {@link CmsSignVerifyBenchmark}, timed in CPU time of the measuring thread as well as wall
 * time: on a machine shared with other work (load far above the core count) the wall time mostly measures the wait
 * for a core, the thread's CPU time what one operation costs. Warm-up first (JIT), then several rounds; the median
 * round is reported.
 *
 * <p>Usage: {@code java -cp ... CpuTimePerOp [warm-up ops] [ops per round] [rounds]}
 */
public final class CpuTimePerOp {

    private CpuTimePerOp() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.printf("%-12s %-7s %14s %14s%n", "operation", "provider", "cpu us/op", "wall us/op");
        for (String provider : List.of("native", "jdk")) {
            CmsSignVerifyBenchmark b = new CmsSignVerifyBenchmark();
            b.provider = provider;
            b.setUp();
            Map<String, Callable<Object>> operations = new LinkedHashMap<>();
            operations.put("cmsSign", b::cmsSign);
            operations.put("cmsVerify", b::cmsVerify);
            operations.put("smimeSign", b::smimeSign);
            operations.put("smimeVerify", b::smimeVerify);
            for (Map.Entry<String, Callable<Object>> op : operations.entrySet()) {
                Object sink = null;
                for (int i = 0; i < warmup; i++) {
                    sink = op.getValue().call();
                }
                List<double[]> results = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    long wall0 = System.nanoTime();
                    for (int i = 0; i < ops; i++) {
                        sink = op.getValue().call();
                    }
                    results.add(new double[] {(mx.getCurrentThreadCpuTime() - cpu0) / 1000.0 / ops,
                            (System.nanoTime() - wall0) / 1000.0 / ops});
                }
                results.sort((x, y) -> Double.compare(x[0], y[0]));
                double[] median = results.get(rounds / 2);
                System.out.printf("%-12s %-7s %14.1f %14.1f%s%n", op.getKey(), provider, median[0], median[1],
                        sink == null ? "?" : "");
            }
        }
    }
}
