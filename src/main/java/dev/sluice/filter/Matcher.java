package dev.sluice.filter;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How program(), host(), message() and match() compare: syslog-ng's {@code type(pcre)} (the
 * default: the regular expression is searched for), {@code type(string)} (equal, or with
 * {@code flags(prefix)} / {@code flags(substring)}) and {@code type(glob)} (the whole value, {@code *} and
 * {@code ?}). {@code flags(ignore-case)} applies to pcre and string; syslog-ng's glob ignores it
 * (measured on 3.38), and so does this one, so that a configuration routes as it did there.
 */
final class Matcher {
    enum Type { PCRE, STRING, GLOB }

    private final Type type;
    private final String pattern;
    private final boolean ignoreCase, prefix, substring;
    private final Pattern regex;
    /** A pattern that is plain text (^text$, ^text, text; a glob text or text*) is compared without the regex engine. */
    private final String literal;
    private final LiteralKind literalKind;

    private enum LiteralKind { EQUALS, PREFIX, CONTAINS }

    Matcher(Type type, String pattern, boolean ignoreCase, boolean prefix, boolean substring) {
        this.type = type;
        this.ignoreCase = ignoreCase;
        this.prefix = prefix;
        this.substring = substring;
        this.pattern = ignoreCase && type == Type.STRING ? pattern.toLowerCase(Locale.ROOT) : pattern;
        try {
            this.regex = switch (type) {
                case PCRE -> Pattern.compile(pattern, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
                case GLOB -> Pattern.compile(glob(pattern));
                case STRING -> null;
            };
        } catch (PatternSyntaxException e) {
            throw new FilterException("invalid regular expression '" + pattern + "': " + e.getDescription());
        }
        String lit = null;
        LiteralKind kind = null;
        if (type == Type.PCRE && !ignoreCase) {
            boolean start = pattern.startsWith("^"), end = pattern.endsWith("$") && !pattern.endsWith("\\$");
            String body = pattern.substring(start ? 1 : 0, pattern.length() - (end && pattern.length() > (start ? 1 : 0) ? 1 : 0));
            if (plain(body, "\\.[]{}()*+?|^$")) {
                lit = body;
                kind = start && end ? LiteralKind.EQUALS : start ? LiteralKind.PREFIX : end ? null : LiteralKind.CONTAINS;
                if (kind == null) lit = null;
            }
        } else if (type == Type.GLOB) {
            boolean star = pattern.endsWith("*");
            String body = star ? pattern.substring(0, pattern.length() - 1) : pattern;
            if (plain(body, "*?")) {
                lit = body;
                kind = star ? LiteralKind.PREFIX : LiteralKind.EQUALS;
            }
        }
        this.literal = lit;
        this.literalKind = kind;
    }

    private static boolean plain(String s, String special) {
        for (int i = 0; i < s.length(); i++) if (special.indexOf(s.charAt(i)) >= 0) return false;
        return true;
    }

    boolean matches(String value) {
        if (literal != null) {
            return switch (literalKind) {
                case EQUALS -> value.equals(literal);
                case PREFIX -> value.startsWith(literal);
                case CONTAINS -> value.contains(literal);
            };
        }
        return switch (type) {
            case PCRE -> regex.matcher(value).find();
            case GLOB -> regex.matcher(value).matches();
            case STRING -> {
                String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
                yield substring ? v.contains(pattern) : prefix ? v.startsWith(pattern) : v.equals(pattern);
            }
        };
    }

    /** A glob as a regular expression over the whole value. */
    private static String glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
