package dev.sluice.template;

/** A shell-style pattern over a name, {@code *} any run and {@code ?} any one character, as value-pairs' key() and exclude(). */
public record Glob(String pattern) {
    public boolean matches(String name) { return matches(pattern, 0, name, 0); }

    private static boolean matches(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                while (pi < p.length() && p.charAt(pi) == '*') pi++;
                if (pi == p.length()) return true;
                for (int k = si; k <= s.length(); k++) if (matches(p, pi, s, k)) return true;
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si))) return false;
            pi++;
            si++;
        }
        return si == s.length();
    }
}
