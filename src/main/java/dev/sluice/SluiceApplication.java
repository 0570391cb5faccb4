package dev.sluice;

import dev.sluice.config.ConfigException;
import dev.sluice.python.InterpreterJitPolicy;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SluiceApplication {
    /** Exit status for an invalid configuration, as syslog-ng uses. */
    public static final int EXIT_INVALID_CONFIG = 2;

    public static void main(String[] args) {
        InterpreterJitPolicy.apply();
        if (ValidateCommand.requested(args)) System.exit(ValidateCommand.run(ValidateCommand.rest(args), System.out, System.err));
        try {
            SpringApplication.run(SluiceApplication.class, args);
        } catch (Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof ConfigException) System.exit(EXIT_INVALID_CONFIG);
            }
            System.exit(1);
        }
    }
}
