package dev.sluice.driver.regexp;

/** The names of the numbered match values ({@code $0} … {@code $255}), made once. */
final class Numbered {
    private static final String[] NAMES = new String[256];

    static {
        for (int i = 0; i < NAMES.length; i++) NAMES[i] = Integer.toString(i);
    }

    private Numbered() {}

    static String name(int g) { return g < NAMES.length ? NAMES[g] : Integer.toString(g); }
}
