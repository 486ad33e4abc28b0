package io.embark.pipelines.collab;

import java.util.Locale;

/** The two MovieLens rating layouts. */
public enum RatingsFormat {
    /** {@code ratings.csv} of the "latest" datasets: comma-separated, with a header line. */
    CSV(","),
    /** {@code u.data} of MovieLens 100k: tab-separated, no header. */
    UDATA("\t"),
    /** CSV unless the file name ends in {@code .data}. */
    AUTO(null);

    private final String delimiter;

    RatingsFormat(String delimiter) {
        this.delimiter = delimiter;
    }

    /** Field delimiter (a regular expression), or null for {@link #AUTO}. */
    public String delimiter() {
        return delimiter;
    }

    /** Resolves {@link #AUTO} from the path's file name. */
    public RatingsFormat resolve(String path) {
        if (this != AUTO) {
            return this;
        }
        return path.toLowerCase(Locale.ROOT).endsWith(".data") ? UDATA : CSV;
    }

    /** Parses a config value ({@code auto}, {@code csv}, {@code udata}). */
    public static RatingsFormat parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ratings format '" + value + "'; use auto, csv or udata");
        }
    }
}
