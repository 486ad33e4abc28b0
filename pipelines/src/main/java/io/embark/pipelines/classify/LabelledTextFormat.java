package io.embark.pipelines.classify;

import java.util.Locale;

/**
 * How labelled documents are stored: CSV with a header or Parquet (a text and a label column), or the aclImdb
 * folder layout (one folder per class, one document per file, as in {@code aclImdb/train/pos/*.txt}).
 */
public enum LabelledTextFormat {
    /** CSV with a header line (multi-line quoted fields allowed). */
    CSV,
    /** Parquet. */
    PARQUET,
    /** A directory per class holding one document per file; the folder name is the label (aclImdb's layout). */
    FOLDERS,
    /** Text files, one document per file, no label (the predict step's input). */
    FILES;

    /** {@code auto} (by the first path's extension; a path without one is a folder layout), or a format name. */
    public static LabelledTextFormat parse(String name, String firstPath) {
        return parse(name, firstPath, FOLDERS);
    }

    /** As {@link #parse(String, String)}, with {@code auto} taking a path without extension as {@code directories}. */
    public static LabelledTextFormat parse(String name, String firstPath, LabelledTextFormat directories) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "csv":
                return CSV;
            case "parquet":
                return PARQUET;
            case "folders":
            case "aclimdb":
                return FOLDERS;
            case "files":
                return FILES;
            case "auto":
                String p = firstPath.toLowerCase(Locale.ROOT);
                if (p.endsWith(".csv") || p.endsWith(".csv.gz") || p.endsWith(".csv.bz2")) {
                    return CSV;
                }
                if (p.endsWith(".parquet") || p.endsWith(".parquet/")) {
                    return PARQUET;
                }
                return directories;
            default:
                throw new IllegalArgumentException("labelled-text format must be auto, csv, parquet, folders (aclImdb) "
                        + "or files, got '" + name + "'");
        }
    }
}
