package dev.sluice.it;

import dev.sluice.python.PythonHost;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The service warms the Python bridge when its engine starts, with the shipped defaults. */
class PythonWarmUpStartupTest extends SluiceIntegrationTest {
    @Autowired
    PythonHost python;

    @Test
    void the_bridge_was_warmed_up_with_the_shipped_defaults() {
        assertThat(python.warmedUp()).as("the warm-up outcome").isNotNull();
        // 200,000 messages by default, unless the 10 s bound stopped it first on a busy machine
        assertThat(python.warmedUp().messages() == 200_000 || python.warmedUp().millis() >= 10_000)
                .as(python.warmedUp().toString()).isTrue();
    }
}
