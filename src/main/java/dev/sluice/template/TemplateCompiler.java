package dev.sluice.template;

import dev.sluice.message.LogMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles syslog-ng template syntax once: {@code $NAME}, {@code ${name}}, {@code ${name:-default}},
 * {@code $$} for a dollar sign, and {@code $(function args…)} from the registered functions.
 */
public final class TemplateCompiler {
    private final Map<String, TemplateFunction> functions;
    private final String scope;

    public TemplateCompiler(List<? extends TemplateFunction> functions) {
        this.functions = new HashMap<>();
        for (TemplateFunction f : functions) this.functions.put(f.name(), f);
        this.scope = null;
    }

    private TemplateCompiler(Map<String, TemplateFunction> functions, String scope) {
        this.functions = functions;
        this.scope = scope;
    }

    /** The same functions, compiling for one driver instance (functions such as $(python) need to know which). */
    public TemplateCompiler withScope(String driverInstance) { return new TemplateCompiler(functions, driverInstance); }

    /** The driver instance templates are compiled for ({@code DriverSpec.instanceId()}), or null outside any driver. */
    public String scope() { return scope; }

    public static TemplateCompiler withBuiltins() {
        return new TemplateCompiler(BuiltinFunctions.all());
    }


    public Template compile(String source) {
        List<Template.Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean dynamic = false;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c != '$' || i + 1 >= n) {
                literal.append(c);
                i++;
                continue;
            }
            char next = source.charAt(i + 1);
            if (next == '$') {
                literal.append('$');
                i += 2;
            } else if (next == '{') {
                int close = source.indexOf('}', i + 2);
                if (close < 0) throw new TemplateException("unclosed '${' at column " + (i + 1) + " in template: " + source);
                flush(literal, parts);
                parts.add(valuePart(source.substring(i + 2, close)));
                dynamic = true;
                i = close + 1;
            } else if (next == '(') {
                int close = matchingParen(source, i + 1);
                flush(literal, parts);
                parts.add(functionPart(source.substring(i + 2, close)));
                dynamic = true;
                i = close + 1;
            } else if (isNameChar(next)) {
                int end = i + 1;
                while (end < n && isNameChar(source.charAt(end))) end++;
                flush(literal, parts);
                parts.add(valuePart(source.substring(i + 1, end)));
                dynamic = true;
                i = end;
            } else {
                literal.append(c);
                i++;
            }
        }
        String text = literal.toString();
        flush(literal, parts);
        return new Template(source, parts.toArray(Template.Part[]::new), dynamic ? null : text);
    }

    private static void flush(StringBuilder literal, List<Template.Part> parts) {
        if (literal.isEmpty()) return;
        String text = literal.toString();
        literal.setLength(0);
        parts.add((m, o, out) -> out.append(text));
    }

    private static Template.Part valuePart(String spec) {
        int dflt = spec.indexOf(":-");
        String name = dflt < 0 ? spec : spec.substring(0, dflt);
        if (name.isEmpty()) throw new TemplateException("empty name in template reference '${" + spec + "}'");
        Macros.Macro macro = Macros.lookup(name);
        if (dflt >= 0) {
            String fallback = spec.substring(dflt + 2);
            return (m, o, out) -> {
                int before = out.length();
                renderValue(name, macro, m, o, out);
                if (out.length() == before) out.append(fallback);
            };
        }
        if (macro != null) return macro::render;
        return (m, o, out) -> appendValue(m.value(name), out);
    }

    private static void renderValue(String name, Macros.Macro macro, LogMessage m, TemplateOptions o, StringBuilder out) {
        if (macro != null) macro.render(m, o, out);
        else appendValue(m.value(name), out);
    }

    /** Typed values render as syslog-ng renders them: lists comma separated, booleans lower case. */
    public static void appendValue(Object v, StringBuilder out) {
        if (v == null) return;
        if (v instanceof String s) out.append(s);
        else if (v instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(',');
                appendValue(list.get(i), out);
            }
        } else if (v instanceof byte[] b) out.append(dev.sluice.message.Utf8.decode(b));
        else out.append(v);
    }

    private Template.Part functionPart(String body) {
        List<String> words = splitArgs(body);
        if (words.isEmpty()) throw new TemplateException("empty template function call '$()'");
        TemplateFunction f = functions.get(words.get(0));
        if (f == null) throw new TemplateException("unknown template function '" + words.get(0) + "'");
        TemplateFunction.Call call = f.prepare(words.subList(1, words.size()), this);
        return call::render;
    }

    private static int matchingParen(String s, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') quote = c;
            else if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i;
        }
        throw new TemplateException("unclosed '$(' at column " + open + " in template: " + s);
    }

    /** Splits function arguments at whitespace, honouring quotes and nested $( … ). */
    static List<String> splitArgs(String body) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (quote != 0) {
                if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == quote) { cur.append(quote); i++; }
                else if (c == quote) quote = 0;
                else cur.append(c);
                continue;
            }
            if (depth == 0 && (c == '"' || c == '\'')) { quote = c; inWord = true; continue; }
            if (depth == 0 && Character.isWhitespace(c)) {
                if (inWord) { out.add(cur.toString()); cur.setLength(0); inWord = false; }
                continue;
            }
            if (c == '(' ) depth++;
            if (c == ')') depth--;
            cur.append(c);
            inWord = true;
        }
        if (quote != 0) throw new TemplateException("unclosed quote in template function arguments: " + body);
        if (inWord) out.add(cur.toString());
        return out;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }
}
