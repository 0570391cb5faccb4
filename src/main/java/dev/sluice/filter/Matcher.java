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
    }

    boolean matches(String value) {
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
