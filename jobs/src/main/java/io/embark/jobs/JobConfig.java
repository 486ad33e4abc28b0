package io.embark.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A job's configuration: the documented defaults bundled from {@code conf/<job>.conf}, overlaid by an optional
 * {@code --conf} file and then by {@code key=value} arguments. Keys that the defaults do not define are
 * rejected (a typo must not be silently ignored), and {@link #help()} lists every key with its default and
 * the comment above it in the conf file.
 */
public final class JobConfig {
    private final Config config;

    private JobConfig(Config config) {
        this.config = config;
    }

    /** The bundled defaults of {@code job}. */
    public static Config defaults(String job) {
        String resource = "embark-conf/" + job + ".conf";
        if (JobConfig.class.getClassLoader().getResource(resource) == null) {
            throw new IllegalStateException("no bundled configuration " + resource);
        }
        return ConfigFactory.parseResources(JobConfig.class.getClassLoader(), resource,
                ConfigParseOptions.defaults().setAllowMissing(false));
    }

    /**
     * Parses the arguments: {@code --conf FILE} and {@code key=value} overrides.
     *
     * @throws JobFailure with {@link JobFailure#BAD_INPUT} for a missing file, a malformed argument or an unknown key
     */
    public static JobConfig parse(String job, List<String> args) {
        Config defaults = defaults(job);
        Config merged = defaults;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--conf")) {
                if (i + 1 >= args.size()) {
                    throw JobFailure.badInput("--conf needs a file");
                }
                File f = new File(args.get(++i));
                if (!f.isFile()) {
                    throw JobFailure.badInput("configuration file not found: " + f);
                }
                merged = parseSafely(() -> ConfigFactory.parseFile(f)).withFallback(merged);
            } else if (a.startsWith("--conf=")) {
                File f = new File(a.substring("--conf=".length()));
                if (!f.isFile()) {
                    throw JobFailure.badInput("configuration file not found: " + f);
                }
                merged = parseSafely(() -> ConfigFactory.parseFile(f)).withFallback(merged);
            } else if (a.contains("=") && !a.startsWith("-")) {
                overrides.add(a);
            } else {
                throw JobFailure.badInput("unexpected argument '" + a + "'; use key=value, --conf FILE or --help");
            }
        }
        for (String o : overrides) {
            String key = o.substring(0, o.indexOf('=')).trim();
            String value = o.substring(o.indexOf('=') + 1);
            Config one = parseSafely(() -> ConfigFactory.parseString(quoteKey(key) + " = " + hoconValue(defaults, key, value)));
            merged = one.withFallback(merged);
        }
        Config resolved = parseSafely(merged::resolve);
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> e : resolved.entrySet()) {
            if (!defaults.hasPathOrNull(e.getKey()) && !e.getKey().startsWith("spark.conf.")) {
                unknown.add(e.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            throw JobFailure.badInput("unknown config key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " for job '" + job + "'; see --help for the keys");
        }
        requireDefaultTypes(defaults, resolved);
        requireRanges(defaults, resolved);
        return new JobConfig(resolved);
    }

    /**
     * Every key keeps its default's type: a number stays a number, a boolean a boolean, a list a list (a string
     * that reads as one, such as {@code "5"} or {@code "true"}, is accepted, as HOCON does); Spark's own settings
 * under {@code spark.conf} are left to Spark. Checked before any work,
     * so a wrong type is one line naming the key instead of a failure later in the run.
     *
     * @throws JobFailure with {@link JobFailure#BAD_INPUT} naming the first key (in sorted order) of another type
     */
    static void requireDefaultTypes(Config defaults, Config resolved) {
        for (String key : new TreeSet<>(defaults.entrySet().stream().map(Map.Entry::getKey).toList())) {
            ConfigValue d = defaults.getValue(key);
            if (!resolved.hasPath(key) || key.startsWith("spark.conf.")) { // Spark's own settings: Spark checks them
                continue;
            }
            ConfigValue v = resolved.getValue(key);
            String expected = switch (d.valueType()) {
                case NUMBER -> readsAs(() -> resolved.getNumber(key)) ? null : "a number";
                case BOOLEAN -> readsAs(() -> resolved.getBoolean(key)) ? null : "true or false";
                case LIST -> v.valueType() == com.typesafe.config.ConfigValueType.LIST ? null : "a list like [a, b]";
                case OBJECT -> v.valueType() == com.typesafe.config.ConfigValueType.OBJECT ? null : "a section";
                default -> v.valueType() == com.typesafe.config.ConfigValueType.STRING
                        || v.valueType() == com.typesafe.config.ConfigValueType.NUMBER
                        || v.valueType() == com.typesafe.config.ConfigValueType.BOOLEAN ? null : "a string";
            };
            if (expected != null) {
                throw JobFailure.badInput(key + " must be " + expected + ", got " + v.render(
                        com.typesafe.config.ConfigRenderOptions.concise()) + " (default " + d.render(
                        com.typesafe.config.ConfigRenderOptions.concise()) + ")");
            }
        }
    }

    /**
     * Every key whose documentation declares a {@code Range:} line (see {@link ConfigRange}) holds a value inside
     * it. Checked after the types, before any work.
     *
     * @throws JobFailure with {@link JobFailure#BAD_INPUT} naming the first key (in sorted order) out of range
     */
    static void requireRanges(Config defaults, Config resolved) {
        for (String key : new TreeSet<>(defaults.entrySet().stream().map(Map.Entry::getKey).toList())) {
            if (!resolved.hasPath(key) || key.startsWith("spark.conf.")) {
                continue;
            }
            java.util.Optional<String> violation = ConfigRange.declaredFor(defaults.getValue(key))
                    .flatMap(r -> r.violation(resolved, key));
            if (violation.isPresent()) {
                throw JobFailure.badInput(key + " " + violation.get());
            }
        }
    }

    private static boolean readsAs(Runnable read) {
        try {
            read.run();
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    /** The merged configuration. */
    public Config config() {
        return config;
    }

    /** Every key with its default and documentation, in file order of sections. */
    public static String help(String job) {
        Config defaults = defaults(job);
        StringBuilder b = new StringBuilder();
        List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(defaults.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        for (Map.Entry<String, ConfigValue> e : entries) {
            String doc = e.getValue().origin().comments().stream().map(String::trim).collect(Collectors.joining(" "));
            b.append(String.format("  %-42s %s%n", e.getKey() + " = " + e.getValue().render(
                    com.typesafe.config.ConfigRenderOptions.concise()), ""));
            if (!doc.isEmpty()) {
                b.append("      ").append(doc).append(System.lineSeparator());
            }
        }
        return b.toString();
    }

    /** A dotted path; segments may be double-quoted, as Spark's own keys under {@code spark.conf} need. */
    private static final String KEY_SEGMENT = "([A-Za-z0-9_-]+|\"[A-Za-z0-9_.-]+\")";

    private static String quoteKey(String key) {
        if (!key.matches(KEY_SEGMENT + "(\\." + KEY_SEGMENT + ")*")) {
            throw JobFailure.badInput("malformed config key '" + key + "'");
        }
        return key;
    }

    /**
     * Values of string keys are taken literally (paths, URIs with {@code //}, masters like {@code local[*]});
     * other values are HOCON (numbers, booleans, lists), falling back to a string when they do not parse.
     */
    private static String hoconValue(Config defaults, String key, String value) {
        String v = value.trim();
        if (v.isEmpty() || (defaults.hasPath(key) && defaults.getValue(key).valueType() == com.typesafe.config.ConfigValueType.STRING)) {
            return ConfigValueQuoting.quote(v);
        }
        try {
            ConfigFactory.parseString("k = " + v).getValue("k");
            return v;
        } catch (ConfigException e) {
            return ConfigValueQuoting.quote(v);
        }
    }

    private static Config parseSafely(java.util.function.Supplier<Config> parse) {
        try {
            return parse.get();
        } catch (ConfigException e) {
            throw JobFailure.badInput("bad configuration: " + e.getMessage());
        }
    }

    /** HOCON string quoting. */
    static final class ConfigValueQuoting {
        private ConfigValueQuoting() {
        }

        static String quote(String s) {
            return com.typesafe.config.ConfigValueFactory.fromAnyRef(s).render(com.typesafe.config.ConfigRenderOptions.concise());
        }
    }
}
