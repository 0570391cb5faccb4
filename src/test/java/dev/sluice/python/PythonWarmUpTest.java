package dev.sluice.python;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up warm-up on a real interpreter: its own drivers, the message count, the time bound. */
class PythonWarmUpTest {

    @Test
    void runs_the_given_number_of_synthetic_messages_through_the_bridge() throws Exception {
        PythonContext c = TestPython.host().context("warm-up-test");
        PythonWarmUp.Outcome outcome = new PythonWarmUp(3000, Duration.ofSeconds(60)).run(c);

        assertThat(outcome.messages()).isEqualTo(3000);
        assertThat(c.eval("import sys\nstr('_sluice_warmup' in sys.modules)")).isEqualTo("True");
        assertThat(outcome.toString()).startsWith("Python warm-up: 3000 synthetic messages");
    }

    @Test
    void stops_at_its_time_bound_however_many_messages_it_was_given() throws Exception {
        PythonContext c = TestPython.host().context("warm-up-test");
        long t0 = System.nanoTime();
        PythonWarmUp.Outcome outcome = new PythonWarmUp(Integer.MAX_VALUE, Duration.ofMillis(300)).run(c);

        assertThat(outcome.messages()).isPositive().isLessThan(Integer.MAX_VALUE);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void is_off_with_no_messages_or_no_time() {
        assertThat(new PythonWarmUp(0, Duration.ofSeconds(10)).enabled()).isFalse();
        assertThat(new PythonWarmUp(1000, Duration.ZERO).enabled()).isFalse();
        assertThat(new PythonWarmUp(1000, Duration.ofSeconds(1)).enabled()).isTrue();
    }
}
