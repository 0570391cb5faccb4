package dev.sluice.deploy;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.MountableFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds the image from the Dockerfile, starts it with a mounted /config/application.yaml and runs
 * {@link ImageScenario}. Skipped where no Docker engine runs; {@link PackagedJarTest} checks the
 * same with the packaged jar everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerImageTest {
    @Test
    void the_image_takes_messages_reloads_and_reports_health() throws Exception {
        Path config = Files.createTempFile(Path.of("target"), "image-config", ".yaml");
        Files.writeString(config, ImageScenario.CONFIG);
        ImageFromDockerfile image = new ImageFromDockerfile("sluice-test", false).withFileFromPath(".", Path.of("."));
        try (GenericContainer<?> c = new GenericContainer<>(image)
                .withCopyFileToContainer(MountableFile.forHostPath(config), "/config/application.yaml")
                .withEnv("SLUICE_MANAGEMENT_TOKEN", ImageScenario.TOKEN)
                .withExposedPorts(5514, 8081)
                .waitingFor(Wait.forHttp("/actuator/health/liveness").forPort(8081).withStartupTimeout(Duration.ofMinutes(3)))) {
            c.start();
            ImageScenario.run(c.getHost(), c.getMappedPort(5514), c.getMappedPort(8081));
        }
    }
}
