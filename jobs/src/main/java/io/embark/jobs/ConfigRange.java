package io.embark.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a config key accepts, declared where the key is documented: a comment line {@code Range: ...}
 * above the key in {@code conf/<job>.conf}, so that {@code --help} shows it and {@link JobConfig} enforces it
 * before any work is done. The forms are
 * <ul>
 *   <li>{@code >= 1}, {@code > 0}, {@code <= 10}, {@code < 1}: one bound;</li>
 *   <li>{@code [0, 1)}, {@code (0, 1]}, {@code [0, 1]}, {@code (0, 1)}: an interval, brackets inclusive;</li>
 *   <li>{@code one of train, recommend, compare}: a string from a fixed set (in any case);</li>
 *   <li>{@code any}: every value of the key's type (a seed, a pair checked together with another key);</li>
 * </ul>
 * each optionally prefixed by {@code integer} (whole numbers only; {@code integer} alone is any whole number) and
 * before that by {@code each}, which applies the rest to every element of a list. HOCON reads {@code 5.0} as the
 * integer 5, so whether a key takes whole numbers is declared, not guessed from its default.
 */
final class ConfigRange {
    private static final Pattern LINE = Pattern.compile("^\\s*Range:\\s*(.+?)\\s*$");
    private static final String NUM = "(-?[0-9.]+(?:[eE][-+]?[0-9]+)?|-?inf)";
    private static final Pattern ONE_BOUND = Pattern.compile("^(>=|>|<=|<)\\s*" + NUM + "$");
    private static final Pattern INTERVAL = Pattern.compile("^([\\[(])\\s*" + NUM + "\\s*,\\s*" + NUM + "\\s*([\\])])$");
    private static final Pattern ONE_OF = Pattern.compile("^one of\\s+(.+)$");

    private final String text;
    private final boolean each;
    private final boolean integer;
    private final double lo;
    private final boolean loInclusive;
    private final double hi;
    private final boolean hiInclusive;
    private final Set<String> allowed; // null for numbers and "any"

    private ConfigRange(String text, boolean each, boolean integer, double lo, boolean loInclusive, double hi,
                        boolean hiInclusive, Set<String> allowed) {
        this.text = text;
        this.each = each;
        this.integer = integer;
        this.lo = lo;
        this.loInclusive = loInclusive;
        this.hi = hi;
        this.hiInclusive = hiInclusive;
        this.allowed = allowed;
    }

    /**
     * The range declared in the comments of a key's default value, if any.
     *
     * @throws IllegalStateException when a {@code Range:} line does not parse (a mistake in a bundled conf file)
     */
    static Optional<ConfigRange> declaredFor(ConfigValue defaultValue) {
        for (String comment : defaultValue.origin().comments()) {
            Matcher m = LINE.matcher(comment);
            if (m.matches()) {
                return Optional.of(parse(m.group(1)));
            }
        }
        return Optional.empty();
    }

    static ConfigRange parse(String declared) {
        String t = declared.endsWith(".") ? declared.substring(0, declared.length() - 1).trim() : declared.trim();
        boolean each = t.startsWith("each ");
        String r = each ? t.substring("each ".length()).trim() : t;
        boolean integer = r.equals("integer") || r.startsWith("integer ");
        r = integer ? r.substring("integer".length()).trim() : r;
        double inf = Double.POSITIVE_INFINITY;
        if (r.equals("any") || (integer && r.isEmpty())) {
            return new ConfigRange(t, each, integer, -inf, true, inf, true, null);
        }
        Matcher m = ONE_BOUND.matcher(r);
        if (m.matches()) {
            double v = number(m.group(2), declared);
            return switch (m.group(1)) {
                case ">=" -> new ConfigRange(t, each, integer, v, true, inf, true, null);
                case ">" -> new ConfigRange(t, each, integer, v, false, inf, true, null);
                case "<=" -> new ConfigRange(t, each, integer, -inf, true, v, true, null);
                default -> new ConfigRange(t, each, integer, -inf, true, v, false, null);
            };
        }
        m = INTERVAL.matcher(r);
        if (m.matches()) {
            double a = number(m.group(2), declared);
            double b = number(m.group(3), declared);
            if (!(a < b)) {
                throw new IllegalStateException("empty range '" + declared + "'");
            }
            return new ConfigRange(t, each, integer, a, m.group(1).equals("["), b, m.group(4).equals("]"), null);
        }
        m = ONE_OF.matcher(r);
        if (m.matches()) {
            Set<String> allowed = new LinkedHashSet<>();
            for (String s : m.group(1).split(",")) {
                if (!s.isBlank()) {
                    allowed.add(s.trim());
                }
            }
            return new ConfigRange(t, each, false, 0, true, 0, true, allowed);
        }
        throw new IllegalStateException("unreadable 'Range: " + declared + "'; use >= a, > a, [a, b), one of x, y, or any");
    }

    private static double number(String s, String declared) {
        try {
            return s.equals("inf") ? Double.POSITIVE_INFINITY : s.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("unreadable number '" + s + "' in 'Range: " + declared + "'");
        }
    }

    /** The declaration as written, e.g. {@code > 0} or {@code one of auto, true, false}. */
    String text() {
        return text;
    }

    /**
     * Why {@code key}'s value in {@code resolved} is outside the range, as the rest of a sentence starting with
     * the key (e.g. {@code "must be > 0, got -1"}), or empty when it is inside. The value has the key's type.
     */
    Optional<String> violation(Config resolved, String key) {
        ConfigValue v = resolved.getValue(key);
        List<ConfigValue> values = new ArrayList<>();
        if (each && v.valueType() == ConfigValueType.LIST) {
            values.addAll(resolved.getList(key));
        } else {
            values.add(v);
        }
        for (ConfigValue one : values) {
            if (!accepts(one)) {
                String got = v.render(ConfigRenderOptions.concise());
                return Optional.of("must be " + (each ? "a list of values each " : "") + describe() + ", got " + got);
            }
        }
        return Optional.empty();
    }

    private boolean accepts(ConfigValue v) {
        Object u = v.unwrapped();
        if (allowed != null) {
            String given = String.valueOf(u).trim();
            return allowed.stream().anyMatch(a -> a.equalsIgnoreCase(given));
        }
        double d;
        if (u instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(String.valueOf(u).trim());
            } catch (NumberFormatException e) {
                return false; // the type check reports it
            }
        }
        if (integer && (d != Math.rint(d) || Double.isInfinite(d))) {
            return false;
        }
        boolean aboveLo = loInclusive ? d >= lo : d > lo;
        boolean belowHi = hiInclusive ? d <= hi : d < hi;
        return aboveLo && belowHi;
    }

    private String describe() {
        if (allowed != null) {
            return "one of " + String.join(", ", allowed);
        }
        String kind = integer ? "an integer " : "";
        if (lo == Double.NEGATIVE_INFINITY && hi == Double.POSITIVE_INFINITY) {
            return integer ? "an integer" : "a number";
        }
        if (hi == Double.POSITIVE_INFINITY) {
            return kind + (loInclusive ? ">= " : "> ") + format(lo);
        }
        if (lo == Double.NEGATIVE_INFINITY) {
            return kind + (hiInclusive ? "<= " : "< ") + format(hi);
        }
        return kind + "in " + (loInclusive ? "[" : "(") + format(lo) + ", " + format(hi) + (hiInclusive ? "]" : ")");
    }

    /** Whether the key takes whole numbers only. */
    boolean integer() {
        return integer;
    }

    /**
     * A value of the key's type that lies outside the range (for tests that try every key), or empty for
     * {@code any}; a whole number where the key takes one (see {@link #fractionExample()} for the other way out).
     */
    Optional<String> outsideExample() {
        boolean integral = integer;
        String one;
        if (allowed != null) {
            one = "\"not-" + String.join("-", allowed).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "") + "\"";
        } else if (lo != Double.NEGATIVE_INFINITY) {
            double below = loInclusive ? (integral ? Math.ceil(lo) - 1 : lo - Math.max(1e-3, Math.abs(lo) * 0.5)) : lo;
            one = format(integral ? Math.floor(below) : below);
        } else if (hi != Double.POSITIVE_INFINITY) {
            double above = hiInclusive ? (integral ? Math.floor(hi) + 1 : hi + Math.max(1e-3, Math.abs(hi) * 0.5)) : hi;
            one = format(integral ? Math.ceil(above) : above);
        } else {
            return Optional.empty();
        }
        return Optional.of(each ? "[" + one + "]" : one);
    }

    /** For a key that takes whole numbers, a fraction inside its bounds; empty otherwise. */
    Optional<String> fractionExample() {
        if (!integer) {
            return Optional.empty();
        }
        double base = lo != Double.NEGATIVE_INFINITY ? lo + (loInclusive ? 0 : 1)
                : hi != Double.POSITIVE_INFINITY ? hi - (hiInclusive ? 1 : 2) : 3;
        String one = format(base) + ".5";
        return Optional.of(each ? "[" + one + "]" : one);
    }

    private static String format(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }
}
