package dev.sluice.filter;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** netmask("10.0.0.0/8"), netmask("10.0.0.0/255.0.0.0"), netmask6("fd00::/8"): whether SOURCEIP is inside. */
final class Netmask {
    private final byte[] network;
    private final int bits;

    private Netmask(byte[] network, int bits) {
        this.network = network;
        this.bits = bits;
    }

    static Netmask parse(String text, boolean six) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        if (six != addr.contains(":")) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv" + (six ? "6" : "4") + " network; use netmask" + (six ? "" : "6") + "()");
        }
        byte[] network = address(addr, text);
        int bits = network.length * 8;
        if (slash >= 0) {
            String mask = text.substring(slash + 1);
            if (mask.matches("\\d+")) bits = Integer.parseInt(mask);
            else if (!six) bits = Integer.bitCount(java.nio.ByteBuffer.wrap(address(mask, text)).getInt());
            else throw new IllegalArgumentException("invalid prefix length in '" + text + "'");
        }
        if (bits < 0 || bits > network.length * 8) throw new IllegalArgumentException("invalid prefix length in '" + text + "'");
        return new Netmask(network, bits);
    }

    private static byte[] address(String addr, String text) {
        if (!addr.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("invalid network '" + text + "'");
        try {
            return InetAddress.getByName(addr).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid network '" + text + "'");
        }
    }

    boolean contains(String ip) {
        if (ip.isEmpty() || (network.length == 16) != ip.contains(":") || !ip.matches("[0-9a-fA-F:.%a-z]+")) return false;
        byte[] a;
        try {
            a = InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        if (a.length != network.length) return false;
        int full = bits / 8, rest = bits % 8;
        for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
        if (rest == 0) return true;
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }
}
