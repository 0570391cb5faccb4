package dev.sluice.it;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Numbered test traffic: a paced sender of {@code <prefix>N} lines, and the count of what arrived. */
final class NumberedLines {
    private NumberedLines() {}

    /**
     * Sends RFC 3164 lines from {@code program} whose MESSAGE is {@code prefix}N, in bursts over one
     * connection every 5 ms (a paced sender, not a wait) until {@code sending} is cleared.
     */
    static Thread send(int port, String program, String prefix, int burst, AtomicBoolean sending, AtomicInteger sent) {
        return Thread.ofPlatform().start(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                while (sending.get()) {
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < burst; i++) {
                        b.append("<13>Nov 23 10:00:00 host ").append(program).append(": ").append(prefix).append(sent.getAndIncrement()).append('\n');
                    }
                    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** Each of 0 … total-1 arrived once: none missing, none duplicated ({@code seen}: number → times it arrived). */
    static void assertEachOnce(Map<Integer, Integer> seen, int total) {
        int missing = 0, duplicated = 0;
        for (int i = 0; i < total; i++) {
            Integer c = seen.get(i);
            if (c == null) missing++;
            else if (c > 1) duplicated++;
        }
        assertThat(missing).as("missing of %d (duplicated %d)", total, duplicated).isZero();
        assertThat(duplicated).isZero();
    }
}
