package io.embark.pipelines.classify;

import java.util.List;

/**
 * Where labelled documents are and how they are read.
 *
 * @param paths         files, directories or globs on any Hadoop file system (for {@code FOLDERS}: directories
 *                      holding one folder per class, e.g. {@code aclImdb/train})
 * @param format        storage format ({@link LabelledTextFormat#parse} resolves {@code auto})
 * @param textCol       the document column (CSV, Parquet)
 * @param labelCol      the label column (CSV, Parquet)
 * @param idCol         a document id column (CSV, Parquet), or empty for a hash of the text
 * @param validCol      a boolean column marking validation documents, or empty for a hash split
 * @param validFraction fraction of documents held out for validation when {@code validCol} is empty (0 for a test
 *                      input, whose documents are all scored)
 * @param maxChars      documents longer than this are rejected
 */
public record LabelledTextSettings(List<String> paths, LabelledTextFormat format, String textCol, String labelCol,
                                   String idCol, String validCol, double validFraction, int maxChars) {
    /** Validates the settings. */
    public LabelledTextSettings {
        if (paths == null || paths.isEmpty() || paths.stream().anyMatch(p -> p == null || p.isBlank())) {
            throw new IllegalArgumentException("labelled documents need at least one non-empty path, got " + paths);
        }
        paths = List.copyOf(paths);
        idCol = idCol == null ? "" : idCol;
        validCol = validCol == null ? "" : validCol;
        if (validCol.isEmpty() && !(validFraction >= 0 && validFraction < 1)) {
            throw new IllegalArgumentException("valid-fraction must be in [0, 1), got " + validFraction);
        }
        if (maxChars < 1) {
            throw new IllegalArgumentException("max-chars must be >= 1, got " + maxChars);
        }
    }
}
