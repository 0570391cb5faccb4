package dev.sluice.template;

import dev.sluice.message.LogMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/** The template functions every Sluice has: echo, substr, upper/lower, length, strip, format-json. */
public final class BuiltinFunctions {
    private BuiltinFunctions() {}

    public static List<TemplateFunction> all() {
        return List.of(
                joined("echo", s -> s),
                joined("upper", s -> s.toUpperCase(Locale.ROOT)),
                joined("uppercase", s -> s.toUpperCase(Locale.ROOT)),
                joined("lower", s -> s.toLowerCase(Locale.ROOT)),
                joined("lowercase", s -> s.toLowerCase(Locale.ROOT)),
                joined("strip", String::strip),
                joined("length", s -> Integer.toString(s.length())),
                new Substr(),
                new FormatJson());
    }

    /** A function of the arguments' rendered text, joined with single spaces. */
    static TemplateFunction joined(String name, UnaryOperator<String> op) {
        return new TemplateFunction() {
            public String name() { return name; }

            public Call prepare(List<String> args, TemplateCompiler compiler) {
                List<Template> templates = compileAll(args, compiler);
                return (m, o, out) -> out.append(op.apply(renderJoined(templates, m, o)));
            }
        };
    }

    static List<Template> compileAll(List<String> args, TemplateCompiler compiler) {
        List<Template> out = new ArrayList<>(args.size());
        for (String a : args) out.add(compiler.compile(a));
        return out;
    }

    static String renderJoined(List<Template> templates, LogMessage m, TemplateOptions o) {
        if (templates.size() == 1) return templates.get(0).render(m, o);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < templates.size(); i++) {
            if (i > 0) sb.append(' ');
            templates.get(i).render(m, o, sb);
        }
        return sb.toString();
    }

    /** {@code $(substr TEXT START [LENGTH])}; a negative START or LENGTH counts from the end. */
    static final class Substr implements TemplateFunction {
        public String name() { return "substr"; }

        public Call prepare(List<String> args, TemplateCompiler compiler) {
            if (args.size() < 2 || args.size() > 3) throw new TemplateException("$(substr) takes TEXT START [LENGTH]");
            Template text = compiler.compile(args.get(0));
            int start = parseInt(args.get(1));
            Integer length = args.size() == 3 ? parseInt(args.get(2)) : null;
            return (m, o, out) -> {
                String s = text.render(m, o);
                int from = start < 0 ? Math.max(0, s.length() + start) : Math.min(start, s.length());
                int to = length == null ? s.length()
                        : length < 0 ? Math.max(from, s.length() + length) : Math.min(s.length(), from + length);
                out.append(s, from, to);
            };
        }

        private static int parseInt(String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new TemplateException("$(substr): '" + s + "' is not an integer");
            }
        }
    }
}
