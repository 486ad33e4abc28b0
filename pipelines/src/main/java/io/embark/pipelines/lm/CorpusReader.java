package io.embark.pipelines.lm;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * Reads a text corpus (text files, CSV or Parquet; paths, directories or globs on any Hadoop file system) into
 * documents {@code text} (string) and {@code valid} (boolean: the held-out part), and routes every document that
 * cannot be used to rejects with its reason, so that {@code in = used + blank + rejected}:
 * <ul>
 *   <li>{@code not valid UTF-8}: bytes that do not decode (a re-encoded copy would differ);</li>
 *   <li>{@code empty document}: a null, empty or white-space CSV or Parquet document (blank lines of text files
 *       separate paragraphs: they are counted as {@code blank}, not rejected);</li>
 *   <li>{@code longer than N characters}: documents past the configured limit;</li>
 *   <li>{@code malformed CSV line}: unbalanced quotes or a wrong number of fields.</li>
 * </ul>
 * The held-out part is either a boolean column of the input ({@code validCol}, e.g. IMDB's {@code is_valid}) or a
 * fraction chosen by a hash of the text and the seed, so that it does not depend on partitioning or order.
 */
public final class CorpusReader {
    /** Document text column of the output. */
    public static final String TEXT = "text";
    /** Held-out flag column of the output. */
    public static final String VALID = "valid";
    /** Source file column of the rejects. */
    public static final String SOURCE = "source";
    /** Reason column of the rejects. */
    public static final String REASON = "reason";
    private static final String CORRUPT = "_corrupt_record";
    /** Blank lines of text files separate documents (paragraphs); they are counted, not rejected. */
    private static final String BLANK = "blank line";

    private final String textCol;
    private final String validCol;
    private final double validFraction;
    private final int maxChars;
    private final long seed;

    /**
     * A reader taking documents from {@code textCol} (CSV/Parquet), the held-out part from {@code validCol} when not
     * empty, else a {@code validFraction} of the documents by hash; documents over {@code maxChars} are rejected.
     */
    public CorpusReader(String textCol, String validCol, double validFraction, int maxChars, long seed) {
        if (textCol == null || textCol.isBlank()) {
            throw new IllegalArgumentException("text column is required");
        }
        if ((validCol == null || validCol.isEmpty()) && !(validFraction >= 0 && validFraction < 1)) {
            throw new IllegalArgumentException("valid-fraction must be in [0, 1), got " + validFraction);
        }
        if (maxChars < 1) {
            throw new IllegalArgumentException("max-chars must be >= 1, got " + maxChars);
        }
        this.textCol = textCol;
        this.validCol = validCol == null ? "" : validCol;
        this.validFraction = validFraction;
        this.maxChars = maxChars;
        this.seed = seed;
    }

    /** Reads {@code paths} in {@code format}; the result's datasets are persisted until {@link Corpus#release}. */
    public Corpus read(SparkSession spark, List<String> paths, CorpusFormat format) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no corpus path given");
        }
        String[] files = paths.toArray(new String[0]);
        Dataset<Row> raw;
        Column text;
        Column corrupt = lit(false);
        Column line;
        switch (format) {
            case TEXT:
                raw = spark.read().text(files);
                text = col("value");
                line = col("value");
                requireNoValidCol();
                break;
            case CSV:
                raw = csv(spark, files);
                text = col(quoted(textCol));
                corrupt = col(CORRUPT).isNotNull();
                line = coalesce(col(CORRUPT), text);
                break;
            default:
                raw = spark.read().parquet(files);
                requireString(raw.schema(), textCol);
                text = col(quoted(textCol));
                line = text;
                break;
        }
        Column valid = validColumn(raw.schema(), text);
        Column empty = text.isNull().or(length(trim(text)).equalTo(0));
        Column reason = when(corrupt, lit("malformed CSV line (unbalanced quotes or wrong number of fields)"))
                .when(empty, lit(format == CorpusFormat.TEXT ? BLANK : "empty document"))
                .when(encode(text, "UTF-8").notEqual(text.cast(DataTypes.BinaryType)), lit("not valid UTF-8"))
                .when(length(text).gt(maxChars), lit("longer than " + maxChars + " characters"));
        Dataset<Row> tagged = raw.select(text.as(TEXT), valid.as(VALID), reason.as(REASON),
                input_file_name().as(SOURCE), line.as("line")).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> docs = tagged.where(col(REASON).isNull()).select(col(TEXT), col(VALID));
        Dataset<Row> rejects = tagged.where(col(REASON).isNotNull().and(col(REASON).notEqual(BLANK)))
                .select(col(SOURCE), col("line").substr(1, 10_000).as("line"), col(REASON));
        return new Corpus(tagged, docs, rejects);
    }

    private Dataset<Row> csv(SparkSession spark, String[] files) {
        DataFrameReader reader = spark.read().option("header", "true").option("multiLine", "true")
                .option("escape", "\"").option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT);
        StructType inferred = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
                .csv(files).schema();
        requireString(inferred, textCol);
        StructType schema = inferred;
        if (!Arrays.asList(inferred.fieldNames()).contains(CORRUPT)) {
            schema = inferred.add(CORRUPT, DataTypes.StringType, true);
        }
        return reader.schema(schema).csv(files);
    }

    private Column validColumn(StructType schema, Column text) {
        if (!validCol.isEmpty()) {
            if (!Arrays.asList(schema.fieldNames()).contains(validCol)) {
                throw new IllegalArgumentException("valid column '" + validCol + "' is not in the corpus; columns: "
                        + String.join(", ", schema.fieldNames()));
            }
            Column v = col(quoted(validCol));
            // CSV gives strings: True/true/1 count as held out
            return coalesce(v.cast(DataTypes.StringType).isin("True", "true", "TRUE", "1"), lit(false));
        }
        if (validFraction == 0) {
            return lit(false);
        }
        long buckets = 1_000_000;
        Column bucket = org.apache.spark.sql.functions.pmod(org.apache.spark.sql.functions.xxhash64(
                coalesce(text, lit("")), lit(seed)), lit(buckets));
        return bucket.lt(lit(Math.round(validFraction * buckets)));
    }

    private void requireNoValidCol() {
        if (!validCol.isEmpty()) {
            throw new IllegalArgumentException("valid column '" + validCol + "' needs a CSV or Parquet corpus; text files "
                    + "have one document per line and no columns (use valid-fraction)");
        }
    }

    private static void requireString(StructType schema, String column) {
        StructField f = Arrays.stream(schema.fields()).filter(x -> x.name().equals(column)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("text column '" + column + "' is not in the corpus; "
                        + "columns: " + String.join(", ", schema.fieldNames())));
        if (!(f.dataType() instanceof StringType)) {
            throw new IllegalArgumentException("text column '" + column + "' must be a string column but is "
                    + f.dataType().simpleString());
        }
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    /**
     * A read corpus: the usable documents ({@code text}, {@code valid}) and the rejects ({@code source, line,
     * reason}), both backed by one persisted read.
     */
    public static final class Corpus {
        private final Dataset<Row> tagged;
        private final Dataset<Row> docs;
        private final Dataset<Row> rejects;

        Corpus(Dataset<Row> tagged, Dataset<Row> docs, Dataset<Row> rejects) {
            this.tagged = tagged;
            this.docs = docs;
            this.rejects = rejects;
        }

        /** Usable documents: {@code text} (string) and {@code valid} (boolean). */
        public Dataset<Row> documents() {
            return docs;
        }

        /** Rejected documents with the reason. */
        public Dataset<Row> rejects() {
            return rejects;
        }

        /** Counts of the read: documents in, used (train and held out) and rejected. */
        public Counts counts() {
            Row r = tagged.agg(org.apache.spark.sql.functions.count(lit(1)),
                    org.apache.spark.sql.functions.sum(when(col(REASON).isNull().and(org.apache.spark.sql.functions.not(col(VALID))), 1).otherwise(0)),
                    org.apache.spark.sql.functions.sum(when(col(REASON).isNull().and(col(VALID)), 1).otherwise(0)),
                    org.apache.spark.sql.functions.sum(when(col(REASON).equalTo(BLANK), 1).otherwise(0)))
                    .first();
            long in = r.getLong(0);
            long train = r.isNullAt(1) ? 0 : r.getLong(1);
            long valid = r.isNullAt(2) ? 0 : r.getLong(2);
            long blank = r.isNullAt(3) ? 0 : r.getLong(3);
            return new Counts(in, train, valid, blank, in - train - valid - blank);
        }

        /** Unpersists the read. */
        public void release() {
            tagged.unpersist();
        }
    }

    /**
     * Document counts of a read.
     *
     * @param in       documents (lines, rows) read: {@code train + valid + blank + rejected}
     * @param train    usable training documents
     * @param valid    usable held-out documents
     * @param blank    blank lines of text files (paragraph separators, not documents)
     * @param rejected documents routed to rejects
     */
    public record Counts(long in, long train, long valid, long blank, long rejected) {
    }
}
