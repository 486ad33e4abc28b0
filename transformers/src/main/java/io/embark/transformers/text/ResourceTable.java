package io.embark.transformers.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tab-separated rule tables bundled with the text stages (spaCy's tokenizer rules, HTML entities): UTF-8,
 * one row per line, fields split at tabs (empty fields kept), lines starting with {@code #} and empty lines skipped.
 */
final class ResourceTable {
    private ResourceTable() {
    }

    /**
     * The rows of the resource {@code name} next to {@code owner}.
     *
     * @throws IllegalStateException when the resource is missing from the classpath
     */
    static List<String[]> rows(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String[]> rows = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("#") && !line.isEmpty()) {
                    rows.add(line.split("\t", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
