package io.embark.pipelines.lm;

import java.util.List;

/**
 * Where a corpus is and how it is read.
 *
 * @param paths         files, directories or globs on any Hadoop file system
 * @param format        storage format ({@link CorpusFormat#parse} resolves {@code auto})
 * @param textCol       the document column (CSV, Parquet)
 * @param validCol      a boolean column marking held-out documents, or empty for a hash split
 * @param validFraction fraction of documents held out when {@code validCol} is empty
 * @param maxChars      documents longer than this are rejected
 */
public record CorpusSettings(List<String> paths, CorpusFormat format, String textCol, String validCol,
                             double validFraction, int maxChars) {
    /** Validates the settings. */
    public CorpusSettings {
        if (paths == null || paths.isEmpty() || paths.stream().anyMatch(p -> p == null || p.isBlank())) {
            throw new IllegalArgumentException("a corpus needs at least one non-empty path, got " + paths);
        }
        paths = List.copyOf(paths);
        validCol = validCol == null ? "" : validCol;
    }

    /** A reader for these settings. */
    public CorpusReader reader(long seed) {
        return new CorpusReader(textCol, validCol, validFraction, maxChars, seed);
    }
}
