package dev.sluice.driver;

import dev.sluice.config.ConfigError;
import dev.sluice.message.LogMessage;
import dev.sluice.template.TemplateCompiler;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds parser steps from their options as a user writes them (plain maps and lists), for the parsers' unit tests. */
public final class ParserSteps {
    private static final DriverContext CONTEXT = new DriverContext(TemplateCompiler.withBuiltins(), Path.of("target"));

    private ParserSteps() {}

    /** The step, or an AssertionError listing the configuration errors. */
    public static Parser build(DriverFactory<Parser> factory, Map<String, Object> options) {
        DriverSpec spec = spec(factory, options);
        Parser p = factory.create(spec, CONTEXT);
        if (!spec.errors().isEmpty()) throw new AssertionError("configuration errors: " + spec.errors());
        return p;
    }

    public static List<ConfigError> errors(DriverFactory<Parser> factory, Map<String, Object> options) {
        DriverSpec spec = spec(factory, options);
        factory.create(spec, CONTEXT);
        return spec.errors();
    }

    /** A message whose MESSAGE is {@code text}. */
    public static LogMessage message(String text) {
        LogMessage m = new LogMessage();
        m.setMessage(text);
        return m;
    }

    private static DriverSpec spec(DriverFactory<Parser> factory, Map<String, Object> options) {
        return TestSpecs.spec(DriverRole.PARSER, factory.type(), options);
    }
}
