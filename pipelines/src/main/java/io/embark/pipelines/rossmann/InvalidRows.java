package io.embark.pipelines.rossmann;

import java.util.Locale;

/** What reading the Rossmann tables does with a row it cannot use. */
public enum InvalidRows {
    /** Fail, naming the file, the row and the problem (the default). */
    ERROR,
    /** Leave the row out and keep it, with its reason, in {@link RossmannTables#rejects()}. */
    SKIP;

    /** Parses a config value ({@code error} or {@code skip}). */
    public static InvalidRows parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown invalid-rows policy '" + value + "'; use error or skip");
        }
    }
}
