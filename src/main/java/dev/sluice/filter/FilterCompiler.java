package dev.sluice.filter;

import dev.sluice.message.LogMessage;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateCompiler;
import dev.sluice.template.TemplateException;
import dev.sluice.template.TemplateOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles syslog-ng's filter language once: facility(), level()/priority(), program(), host(),
 * message(), match(), netmask()/netmask6(), source(), tags(), filter(), in-list(), template
 * comparisons ({@code eq ne lt le gt ge} as strings, {@code == != < <= > >=} as numbers), and
 * {@code not}, {@code and}, {@code or} (in that order of binding) with parentheses.
 */
public final class FilterCompiler {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FilterCompiler.class);
    private static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");
    private static final Map<String, Integer> LEVEL_ALIASES = Map.of("panic", 0, "error", 3, "warn", 4);
    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
            "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");

    private final Map<String, String> named;
    private final TemplateCompiler templates;
    private final Map<String, Filter> compiledNamed = new HashMap<>();
    private final Deque<String> compiling = new ArrayDeque<>();

    /** {@code named} are the expressions of {@code sluice.filters}, which {@code filter(name)} refers to. */
    public FilterCompiler(Map<String, String> named, TemplateCompiler templates) {
        this.named = named;
        this.templates = templates;
    }

    /** The compiled expression; a FilterException says where it is wrong. */
    public Filter compile(String expression) {
        Parser p = new Parser(expression);
        Filter f = p.expression();
        if (!p.atEnd()) throw p.error("unexpected '" + p.peek().text + "'");
        return f;
    }

    /** The named filter, compiled once. */
    public Filter named(String name) {
        Filter done = compiledNamed.get(name);
        if (done != null) return done;
        String source = named.get(name);
        if (source == null) throw new FilterException("no filter named '" + name + "' (sluice.filters has " + new java.util.TreeSet<>(named.keySet()) + ")");
        if (compiling.contains(name)) throw new FilterException("filter '" + name + "' refers to itself through " + String.join(" → ", compiling));
        compiling.push(name);
        try {
            Filter f = compile(source);
            compiledNamed.put(name, f);
            return f;
        } catch (FilterException e) {
            throw new FilterException("in filter '" + name + "': " + e.getMessage());
        } finally {
            compiling.pop();
        }
    }

    private record Token(Kind kind, String text, int column) {}

    private enum Kind { WORD, STRING, LPAREN, RPAREN, COMMA, OPERATOR, END }

    /** Recursive descent over the tokens of one expression. */
    private final class Parser {
        private final String source;
        private final List<Token> tokens;
        private int next;

        Parser(String source) {
            this.source = source;
            this.tokens = tokenize(source);
        }

        boolean atEnd() { return peek().kind == Kind.END; }

        Token peek() { return tokens.get(next); }

        Token take() { return tokens.get(next++); }

        FilterException error(String message) {
            return new FilterException(message + " at column " + peek().column + " of filter: " + source);
        }

        Token expect(Kind kind, String what) {
            if (peek().kind != kind) throw error("expected " + what + (atEnd() ? " but the expression ended" : ", got '" + peek().text + "'"));
            return take();
        }

        private boolean word(String w) { return peek().kind == Kind.WORD && peek().text.equalsIgnoreCase(w); }

        Filter expression() {
            Filter f = conjunction();
            while (word("or")) {
                take();
                f = f.or(conjunction());
            }
            return f;
        }

        Filter conjunction() {
            Filter f = negation();
            while (word("and")) {
                take();
                f = f.and(negation());
            }
            return f;
        }

        Filter negation() {
            if (word("not")) {
                take();
                return negation().negate();
            }
            return primary();
        }

        Filter primary() {
            Token t = peek();
            if (t.kind == Kind.LPAREN) {
                take();
                Filter f = expression();
                expect(Kind.RPAREN, "')'");
                return f;
            }
            if (t.kind == Kind.STRING) return comparison();
            if (t.kind == Kind.WORD && tokens.get(next + 1).kind == Kind.LPAREN) return function();
            if (atEnd()) throw error("expected a filter but the expression ended");
            throw error("expected a filter function such as level(...) or a quoted template to compare, got '" + t.text + "'");
        }

        /** {@code "template" OP "template"}. */
        Filter comparison() {
            Template left = template(take());
            Token op = peek();
            String o = op.text.toLowerCase();
            if (!(op.kind == Kind.OPERATOR || op.kind == Kind.WORD && Set.of("eq", "ne", "lt", "le", "gt", "ge").contains(o))) {
                throw error("expected a comparison (eq ne lt le gt ge, or == != < <= > >=) after a quoted template");
            }
            take();
            if (peek().kind != Kind.STRING) throw error("expected a quoted template after '" + op.text + "'");
            Template right = template(take());
            return switch (o) {
                case "eq" -> m -> render(left, m).equals(render(right, m));
                case "ne" -> m -> !render(left, m).equals(render(right, m));
                case "lt" -> m -> render(left, m).compareTo(render(right, m)) < 0;
                case "le" -> m -> render(left, m).compareTo(render(right, m)) <= 0;
                case "gt" -> m -> render(left, m).compareTo(render(right, m)) > 0;
                case "ge" -> m -> render(left, m).compareTo(render(right, m)) >= 0;
                case "==" -> m -> number(render(left, m)) == number(render(right, m));
                case "!=" -> m -> number(render(left, m)) != number(render(right, m));
                case "<" -> m -> number(render(left, m)) < number(render(right, m));
                case "<=" -> m -> number(render(left, m)) <= number(render(right, m));
                case ">" -> m -> number(render(left, m)) > number(render(right, m));
                case ">=" -> m -> number(render(left, m)) >= number(render(right, m));
                default -> throw error("unknown comparison '" + op.text + "'");
            };
        }

        private Template template(Token t) {
            try {
                return templates.compile(t.text);
            } catch (TemplateException e) {
                throw new FilterException("template \"" + t.text + "\" at column " + t.column + ": " + e.getMessage());
            }
        }

        Filter function() {
            Token name = take();
            take(); // (
            Args args = arguments(name);
            String fn = name.text.toLowerCase().replace('_', '-');
            return switch (fn) {
                case "facility" -> facility(args);
                case "level", "priority" -> level(args);
                case "program" -> field(args, LogMessage::program);
                case "host" -> field(args, LogMessage::host);
                case "message" -> field(args, LogMessage::message);
                case "match" -> match(args);
                case "netmask" -> netmask(args, false);
                case "netmask6" -> netmask(args, true);
                case "source" -> {
                    Set<String> names = new HashSet<>(args.values(1));
                    yield m -> names.contains(m.sourceName());
                }
                case "tags" -> {
                    Set<String> wanted = new HashSet<>(args.values(1));
                    yield m -> m.tags().stream().anyMatch(wanted::contains);
                }
                case "filter" -> {
                    List<String> v = args.values(1);
                    if (v.size() != 1) throw located(name, "filter() takes one filter name");
                    yield named(v.get(0));
                }
                case "in-list" -> inList(args);
                default -> throw new FilterException(located(name, "unknown filter function '" + name.text + "()'").getMessage()
                        + " (known: facility, level, priority, program, host, message, match, netmask, netmask6, source, tags, filter, in-list)");
            };
        }

        private FilterException located(Token t, String message) {
            return new FilterException(message + " at column " + t.column + " of filter: " + source);
        }

        /** The values and the options ({@code type(glob)}, {@code flags(ignore-case)}, {@code value("X")}) of a function. */
        private Args arguments(Token function) {
            Args a = new Args(function);
            while (peek().kind != Kind.RPAREN) {
                Token t = take();
                if (t.kind == Kind.END) throw error("expected ')' to close " + function.text + "(");
                if (t.kind == Kind.COMMA) continue;
                if (t.kind == Kind.WORD && peek().kind == Kind.LPAREN) {
                    take();
                    List<String> values = new ArrayList<>();
                    while (peek().kind != Kind.RPAREN) {
                        Token v = take();
                        if (v.kind == Kind.END) throw error("expected ')' to close " + t.text + "(");
                        if (v.kind == Kind.COMMA) continue;
                        if (v.kind != Kind.WORD && v.kind != Kind.STRING) throw located(v, "unexpected '" + v.text + "' in " + t.text + "()");
                        values.add(v.text);
                    }
                    take();
                    a.options.put(t.text.toLowerCase().replace('_', '-'), values);
                } else if (t.kind == Kind.WORD || t.kind == Kind.STRING) {
                    a.values.add(t.text);
                } else {
                    throw located(t, "unexpected '" + t.text + "' in " + function.text + "()");
                }
            }
            take();
            return a;
        }

        private Filter facility(Args args) {
            boolean[] allowed = new boolean[128];
            for (String v : args.values(1)) {
                int f = v.matches("\\d+") ? Integer.parseInt(v) : FACILITIES.indexOf(v.toLowerCase());
                if (f < 0 || f >= allowed.length) throw located(args.function, "unknown facility '" + v + "' (known: " + FACILITIES + " or a number)");
                allowed[f] = true;
            }
            return m -> m.facility() < allowed.length && allowed[m.facility()];
        }

        private Filter level(Args args) {
            boolean[] allowed = new boolean[8];
            for (String v : args.values(1)) {
                int dots = v.indexOf("..");
                int from = severity(args.function, dots < 0 ? v : v.substring(0, dots));
                int to = dots < 0 ? from : severity(args.function, v.substring(dots + 2));
                for (int i = Math.min(from, to); i <= Math.max(from, to); i++) allowed[i] = true;
            }
            return m -> allowed[m.severity()];
        }

        private int severity(Token function, String name) {
            String n = name.toLowerCase();
            int i = LEVELS.indexOf(n);
            if (i < 0) i = LEVEL_ALIASES.getOrDefault(n, -1);
            if (i < 0) throw located(function, "unknown level '" + name + "' (known: " + LEVELS + ", ranges such as warning..emerg)");
            return i;
        }

        private Filter field(Args args, java.util.function.Function<LogMessage, String> value) {
            Matcher matcher = args.matcher();
            return m -> matcher.matches(value.apply(m));
        }

        /** {@code match("RE" value("NAME"))}, or {@code template("$X")}; without either, MESSAGE (as syslog-ng 3.x). */
        private Filter match(Args args) {
            Matcher matcher = args.matcher();
            List<String> value = args.options.get("value");
            List<String> tpl = args.options.get("template");
            if (value != null && value.size() == 1) {
                Template t = templates.compile("${" + value.get(0) + "}");
                return m -> matcher.matches(render(t, m));
            }
            if (tpl != null && tpl.size() == 1) {
                Template t = template(new Token(Kind.STRING, tpl.get(0), args.function.column));
                return m -> matcher.matches(render(t, m));
            }
            return m -> matcher.matches(m.message());
        }

        private Filter netmask(Args args, boolean six) {
            List<String> v = args.values(1);
            if (v.size() != 1) throw located(args.function, "netmask takes one address/prefix");
            try {
                Netmask n = Netmask.parse(v.get(0), six);
                return m -> n.contains(m.sourceIp());
            } catch (IllegalArgumentException e) {
                throw located(args.function, e.getMessage());
            }
        }

        /** {@code in-list("file" value("NAME"))}: the value is one of the file's lines (read once, when it compiles). */
        private Filter inList(Args args) {
            List<String> v = args.values(1);
            List<String> value = args.options.get("value");
            if (v.size() != 1 || value == null || value.size() != 1) throw located(args.function, "in-list takes a file name and value(\"NAME\")");
            Set<String> lines;
            try {
                lines = new HashSet<>();
                for (String line : Files.readAllLines(Path.of(v.get(0)))) if (!line.isBlank()) lines.add(line.strip());
            } catch (IOException e) {
                throw located(args.function, "cannot read the list file '" + v.get(0) + "': " + e);
            }
            Template t = templates.compile("${" + value.get(0) + "}");
            return m -> lines.contains(render(t, m));
        }

        /** What a function was given: plain values and named options. */
        private final class Args {
            final Token function;
            final List<String> values = new ArrayList<>();
            final Map<String, List<String>> options = new HashMap<>();

            Args(Token function) { this.function = function; }

            List<String> values(int atLeast) {
                if (values.size() < atLeast) throw located(function, function.text + "() needs a value");
                return values;
            }

            Matcher matcher() {
                List<String> v = values(1);
                if (v.size() != 1) throw located(function, function.text + "() takes one pattern (quote it if it has spaces or commas)");
                String type = one("type", "pcre").toLowerCase();
                List<String> flags = options.getOrDefault("flags", List.of()).stream().map(f -> f.toLowerCase().replace('_', '-')).toList();
                for (String f : flags) {
                    if (!Set.of("ignore-case", "prefix", "substring", "utf8", "store-matches").contains(f)) {
                        throw located(function, "unknown flag '" + f + "' (known: ignore-case, prefix, substring, utf8, store-matches)");
                    }
                }
                Matcher.Type t = switch (type) {
                    case "pcre", "posix" -> Matcher.Type.PCRE;
                    case "string" -> Matcher.Type.STRING;
                    case "glob" -> Matcher.Type.GLOB;
                    default -> throw located(function, "unknown type '" + type + "' (known: pcre, string, glob)");
                };
                if (t == Matcher.Type.GLOB && flags.contains("ignore-case")) {
                    log.warn("{}(\"{}\" type(glob) flags(ignore-case)): a glob is case-sensitive (as in syslog-ng, which ignores "
                            + "the flag); use type(pcre) to match regardless of case", function.text, v.get(0));
                }
                try {
                    return new Matcher(t, v.get(0), flags.contains("ignore-case"), flags.contains("prefix"), flags.contains("substring"));
                } catch (FilterException e) {
                    throw located(function, e.getMessage());
                }
            }

            private String one(String option, String dflt) {
                List<String> o = options.get(option);
                if (o == null) return dflt;
                if (o.size() != 1) throw located(function, option + "() takes one value");
                return o.get(0);
            }
        }
    }

    private static String render(Template t, LogMessage m) { return t.render(m, TemplateOptions.DEFAULT); }

    /** As syslog-ng 3's numeric comparisons: the number a value starts with, 0 if none. */
    static double number(String s) {
        String t = s.strip();
        int end = 0;
        if (end < t.length() && (t.charAt(end) == '-' || t.charAt(end) == '+')) end++;
        while (end < t.length() && (Character.isDigit(t.charAt(end)) || t.charAt(end) == '.')) end++;
        try {
            return end == 0 ? 0 : Double.parseDouble(t.substring(0, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int col = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "(", col));
                i++;
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")", col));
                i++;
            } else if (c == ',') {
                out.add(new Token(Kind.COMMA, ",", col));
                i++;
            } else if (c == '"' || c == '\'') {
                StringBuilder b = new StringBuilder();
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    if (c == '"' && s.charAt(j) == '\\' && j + 1 < s.length()) {
                        char e = s.charAt(++j);
                        b.append(switch (e) { case 'n' -> '\n'; case 't' -> '\t'; case 'r' -> '\r'; default -> e; });
                    } else {
                        b.append(s.charAt(j));
                    }
                    j++;
                }
                if (j >= s.length()) throw new FilterException("unterminated string at column " + col + " of filter: " + s);
                out.add(new Token(Kind.STRING, b.toString(), col));
                i = j + 1;
            } else if ("=!<>".indexOf(c) >= 0) {
                int j = i + 1;
                if (j < s.length() && s.charAt(j) == '=') j++;
                String op = s.substring(i, j);
                if (op.equals("=") || op.equals("!")) throw new FilterException("unknown operator '" + op + "' at column " + col + " of filter: " + s);
                out.add(new Token(Kind.OPERATOR, op, col));
                i = j;
            } else if (isWordChar(c)) {
                int j = i;
                while (j < s.length() && isWordChar(s.charAt(j))) j++;
                out.add(new Token(Kind.WORD, s.substring(i, j), col));
                i = j;
            } else {
                throw new FilterException("unexpected character '" + c + "' at column " + col + " of filter: " + s);
            }
        }
        out.add(new Token(Kind.END, "", s.length() + 1));
        out.add(new Token(Kind.END, "", s.length() + 1));
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || "._-/:*?@+$%[]{}^|\\~#&".indexOf(c) >= 0;
    }
}
