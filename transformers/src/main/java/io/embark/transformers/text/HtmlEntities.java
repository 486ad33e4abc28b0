package io.embark.transformers.text;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decodes HTML character references the way Python's {@code html.unescape} does (the HTML5 rules fastai's
 * {@code fix_html} ends with): named references from the WHATWG list, with or without the semicolon where the list
 * allows it and by longest known prefix otherwise; decimal and hexadecimal references, with the HTML5 fix-ups
 * (Windows-1252 for 0x80..0x9F, U+FFFD for surrogates, zero and values above U+10FFFF, control and non-characters
 * dropped). The table is {@code html5-entities.txt} beside this class, read once.
 */
final class HtmlEntities {
    private static final Map<String, String> NAMED = new HashMap<>();
    private static final Map<Integer, String> CHARREF_FIXUPS = new HashMap<>();
    private static final Set<Integer> DROPPED = new HashSet<>();
    /** Longest name Python's reference pattern looks at. */
    private static final int MAX_NAME = 32;

    static {
        for (String[] f : ResourceTable.rows(HtmlEntities.class, "html5-entities.txt")) {
            switch (f[0]) {
                case "named" -> NAMED.put(f[1], PyChars.fromHex(f[2]));
                case "charref" -> CHARREF_FIXUPS.put(Integer.parseInt(f[1], 16), PyChars.fromHex(f[2]));
                case "dropped" -> {
                    for (String h : f[1].split(" ")) {
                        DROPPED.add(Integer.parseInt(h, 16));
                    }
                }
                default -> throw new IllegalStateException("html5-entities.txt: unknown line " + f[0]);
            }
        }
    }

    private HtmlEntities() {
    }

    /** Replaces every character reference in {@code s}; text without {@code &} is returned as is. */
    static String unescape(String s) {
        int amp = s.indexOf('&');
        if (amp < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int copied = 0;
        int n = s.length();
        while (amp >= 0) {
            int next = amp + 1;
            int end = -1;
            String replacement = null;
            if (next < n && s.charAt(next) == '#') {
                boolean hex = next + 1 < n && (s.charAt(next + 1) == 'x' || s.charAt(next + 1) == 'X');
                int digitsStart = hex ? next + 2 : next + 1;
                int i = digitsStart;
                while (i < n && (hex ? isHexDigit(s.charAt(i)) : isDecDigit(s.charAt(i)))) {
                    i++;
                }
                if (i > digitsStart) {
                    replacement = numeric(s.substring(digitsStart, i), hex ? 16 : 10);
                    end = i < n && s.charAt(i) == ';' ? i + 1 : i;
                }
            } else {
                int i = next;
                while (i < n && i - next < MAX_NAME && isNameChar(s.charAt(i))) {
                    i++;
                }
                if (i > next) {
                    boolean semi = i < n && s.charAt(i) == ';';
                    end = semi ? i + 1 : i;
                    replacement = named(s.substring(next, end));
                }
            }
            if (replacement != null) {
                out.append(s, copied, amp).append(replacement);
                copied = end;
                amp = s.indexOf('&', end);
            } else {
                amp = s.indexOf('&', next);
            }
        }
        return out.append(s, copied, n).toString();
    }

    private static boolean isDecDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDecDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isNameChar(char c) {
        return c != '\t' && c != '\n' && c != '\f' && c != ' ' && c != '<' && c != '&' && c != '#' && c != ';';
    }

    private static String numeric(String digits, int radix) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        String trimmed = digits.substring(i);
        long num = trimmed.length() > 8 ? Long.MAX_VALUE : Long.parseLong(trimmed, radix);
        if (num <= Integer.MAX_VALUE && CHARREF_FIXUPS.containsKey((int) num)) {
            return CHARREF_FIXUPS.get((int) num);
        }
        if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) {
            return "\uFFFD";
        }
        if (DROPPED.contains((int) num)) {
            return "";
        }
        return new String(Character.toChars((int) num));
    }

    /** {@code name} includes its semicolon when it had one. */
    private static String named(String name) {
        String exact = NAMED.get(name);
        if (exact != null) {
            return exact;
        }
        for (int x = name.length() - 1; x > 1; x--) {
            String known = NAMED.get(name.substring(0, x));
            if (known != null) {
                return known + name.substring(x);
            }
        }
        return null;
    }
}
