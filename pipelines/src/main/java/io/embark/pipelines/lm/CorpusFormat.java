package io.embark.pipelines.lm;

import java.util.Locale;

/** How a text corpus is stored: one document per line of text files, CSV with a header, or Parquet. */
public enum CorpusFormat {
    /** Plain text, one document per line (WikiText's {@code .tokens} files, {@code .txt}). */
    TEXT,
    /** CSV with a header line; the documents are in a named column (multi-line quoted fields allowed). */
    CSV,
    /** Parquet; the documents are in a named string column. */
    PARQUET;

    /** {@code auto} (by the first path's extension), {@code text}, {@code csv} or {@code parquet}. */
    public static CorpusFormat parse(String name, String firstPath) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "text":
                return TEXT;
            case "csv":
                return CSV;
            case "parquet":
                return PARQUET;
            case "auto":
                String p = firstPath.toLowerCase(Locale.ROOT);
                if (p.endsWith(".csv") || p.endsWith(".csv.gz") || p.endsWith(".csv.bz2")) {
                    return CSV;
                }
                if (p.endsWith(".parquet") || p.endsWith(".parquet/")) {
                    return PARQUET;
                }
                return TEXT;
            default:
                throw new IllegalArgumentException("corpus format must be auto, text, csv or parquet, got '" + name + "'");
        }
    }
}
