package dev.sluice.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A PCRE pattern as users write it for syslog-ng, compiled by the JDK engine. PCRE's group names
 * ({@code (?<name>…)}, {@code (?P<name>…)}, {@code (?'name'…)}) may hold underscores, which Java's
 * may not, so named groups become plain groups and their names are kept here by group number;
 * {@code \k<name>} and {@code (?P=name)} become numbered back references.
 */
public record Pcre(Pattern pattern, List<String> groupNames) {
    public static Pcre compile(String pcre, boolean ignoreCase) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> numbers = new HashMap<>();
        StringBuilder java = new StringBuilder(pcre.length());
        boolean inClass = false;
        int n = pcre.length();
        for (int i = 0; i < n; i++) {
            char c = pcre.charAt(i);
            if (c == '\\' && i + 1 < n) {
                if (!inClass && pcre.charAt(i + 1) == 'k' && i + 2 < n && (pcre.charAt(i + 2) == '<' || pcre.charAt(i + 2) == '{')) {
                    int close = pcre.indexOf(pcre.charAt(i + 2) == '<' ? '>' : '}', i + 3);
                    if (close > 0) {
                        java.append(reference(pcre.substring(i + 3, close), numbers, pcre));
                        i = close;
                        continue;
                    }
                }
                java.append(c).append(pcre.charAt(++i));
                continue;
            }
            if (inClass) {
                if (c == ']') inClass = false;
                java.append(c);
                continue;
            }
            if (c == '[') {
                inClass = true;
                java.append(c);
                if (i + 1 < n && pcre.charAt(i + 1) == '^') java.append(pcre.charAt(++i));
                if (i + 1 < n && pcre.charAt(i + 1) == ']') java.append(pcre.charAt(++i)); // a leading ] is literal
                continue;
            }
            if (c == '(') {
                String rest = pcre.substring(i + 1);
                String name = null;
                int skip = 0;
                if (rest.startsWith("?P=")) {
                    int close = rest.indexOf(')');
                    if (close > 0) {
                        java.append(reference(rest.substring(3, close), numbers, pcre));
                        i += close + 1;
                        continue;
                    }
                } else if (rest.startsWith("?P<") || (rest.startsWith("?<") && !rest.startsWith("?<=") && !rest.startsWith("?<!"))) {
                    int open = rest.indexOf('<');
                    int close = rest.indexOf('>', open);
                    if (close > 0) { name = rest.substring(open + 1, close); skip = close + 1; }
                } else if (rest.startsWith("?'")) {
                    int close = rest.indexOf('\'', 2);
                    if (close > 0) { name = rest.substring(2, close); skip = close + 1; }
                }
                if (name != null) {
                    names.add(name);
                    numbers.put(name, names.size());
                    java.append('(');
                    i += skip;
                    continue;
                }
                if (!rest.startsWith("?") && !rest.startsWith("*")) names.add(null); // a numbered group
            }
            java.append(c);
        }
        try {
            return new Pcre(Pattern.compile(java.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0),
                    List.copyOf(names.stream().map(s -> s == null ? "" : s).toList()));
        } catch (PatternSyntaxException e) {
            throw new FilterException("invalid regular expression '" + pcre + "': " + e.getDescription());
        }
    }

    private static String reference(String name, Map<String, Integer> numbers, String pcre) {
        Integer n = numbers.get(name);
        if (n == null) throw new FilterException("invalid regular expression '" + pcre + "': reference to unknown group '" + name + "'");
        return "\\" + n;
    }

    /** The name of group {@code g} (1-based), or the empty string for a numbered one. */
    public String name(int g) { return g >= 1 && g <= groupNames.size() ? groupNames.get(g - 1) : ""; }
}
