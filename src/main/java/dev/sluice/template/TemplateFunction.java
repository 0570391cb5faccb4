package dev.sluice.template;

import dev.sluice.message.LogMessage;

import java.util.List;

/**
 * A {@code $(name args…)} function. Arguments arrive unparsed (quotes removed) so that a function
 * decides which of them are templates; it compiles those once in {@link #prepare}.
 */
public interface TemplateFunction {
    String name();

    Call prepare(List<String> args, TemplateCompiler compiler);

    /** A prepared call, rendered once per message. */
    @FunctionalInterface
    interface Call {
        void render(LogMessage msg, TemplateOptions options, StringBuilder out);
    }
}
