package io.embark.pipelines.classify;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Reads labelled documents (CSV, Parquet, or the aclImdb folder layout; any Hadoop file system) into
 * {@code id, text, label, valid} and routes every document that cannot be used to rejects with its reason, so that
 * {@code in = train + valid + rejected}:
 * <ul>
 *   <li>{@code empty document}: null, empty or white-space text;</li>
 *   <li>{@code missing label}, {@code label 'x' is not one of [..]}: when the classes are configured, any other
 *       label; when they are not, the sorted distinct labels of the input are the classes;</li>
 *   <li>{@code not valid UTF-8} (in CSV and Parquet input: a text holding U+FFFD, which is what Spark's decoders put
 *       in place of undecodable bytes), {@code longer than N characters}, {@code malformed CSV line};</li>
 *   <li>{@code unreadable file: ...}: a file of the folder layout that cannot be opened or read (the message of
 *       the file system's error).</li>
 * </ul>
 * In the folder layout each sub-directory of a path is a class named after it (aclImdb: {@code neg}, {@code pos};
 * {@code unsup}, which holds unlabelled reviews, is skipped), each file one document whose id is
 * {@code <folder>/<file name without .txt>}; the file names are listed on the driver, the files read on the
 * executors. The validation part is a boolean column or a fraction chosen by a hash of the text and the seed.
 * CSV is read as multi-line CSV (quoted fields may hold newlines; {@code ""} escapes a quote): a quote left open
 * makes the rest of the file one field, and Spark's CSV parser drops NUL characters from the text.
 */
public final class LabelledTextReader {
    /** Document id column of the output. */
    public static final String ID = "id";
    /** Document text column of the output. */
    public static final String TEXT = "text";
    /** Label column of the output (string). */
    public static final String LABEL = "label";
    /** Validation flag column of the output. */
    public static final String VALID = "valid";
    /** Source file column of the rejects. */
    public static final String SOURCE = "source";
    /** Reason column of the rejects. */
    public static final String REASON = "reason";
    /** Folders of the aclImdb layout that hold unlabelled documents. */
    public static final List<String> UNLABELLED_FOLDERS = List.of("unsup");
    private static final String CORRUPT = "_corrupt_record";
    private static final int MAX_CLASSES = 1000;

    private final LabelledTextSettings settings;
    private final long seed;

    /** A reader of the documents that {@code settings} describe; {@code seed} chooses the hash split. */
    public LabelledTextReader(LabelledTextSettings settings, long seed) {
        this.settings = settings;
        this.seed = seed;
    }

    /**
     * Reads the documents; labels not in {@code classes} are rejected, or, when {@code classes} is empty, the
     * sorted distinct labels become the classes. With {@code labelled} false (documents to score) labels are
     * optional and not checked.
     */
    public LabelledDocuments read(SparkSession spark, List<String> classes, boolean labelled) {
        Dataset<Row> raw;
        Column reason;
        switch (settings.format()) {
            case FOLDERS:
            case FILES:
                raw = files(spark, settings.format() == LabelledTextFormat.FOLDERS);
                reason = col("read_error");
                break;
            case CSV:
                raw = structured(csv(spark), true, labelled);
                reason = col("read_error");
                break;
            default:
                raw = structured(spark.read().parquet(settings.paths().toArray(new String[0])), false, labelled);
                reason = col("read_error");
                break;
        }
        Column text = col(TEXT);
        reason = coalesce(reason,
                when(text.isNull().or(length(trim(text)).equalTo(0)), lit("empty document")),
                when(encode(text, "UTF-8").notEqual(text.cast(DataTypes.BinaryType)), lit("not valid UTF-8")),
                // Spark's CSV and text decoders turn undecodable bytes into U+FFFD instead of failing
                when(text.contains("\uFFFD"), lit("not valid UTF-8 (U+FFFD, the replacement of undecodable bytes)")),
                when(length(text).gt(settings.maxChars()), lit("longer than " + settings.maxChars() + " characters")));
        if (labelled) {
            reason = coalesce(reason, when(col(LABEL).isNull(), lit("missing label")));
        }
        Dataset<Row> tagged = raw.select(col(ID), text, col(LABEL), col(VALID), col(SOURCE), col("line"),
                reason.as(REASON));
        List<String> resolved = classes;
        if (labelled) {
            if (classes.isEmpty()) {
                resolved = discoverClasses(tagged);
            }
            Column known = array_contains(lit(resolved.toArray(new String[0])), col(LABEL));
            tagged = tagged.withColumn(REASON, coalesce(col(REASON), when(org.apache.spark.sql.functions.not(known),
                    concat(lit("label '"), col(LABEL), lit("' is not one of " + resolved)))));
        }
        tagged = tagged.persist(StorageLevel.MEMORY_AND_DISK());
        return new LabelledDocuments(tagged, resolved);
    }

    private List<String> discoverClasses(Dataset<Row> tagged) {
        List<Row> rows = tagged.where(col(REASON).isNull()).select(col(LABEL)).distinct().limit(MAX_CLASSES + 1)
                .collectAsList();
        if (rows.size() > MAX_CLASSES) {
            throw new IllegalArgumentException("the label column has more than " + MAX_CLASSES + " distinct values; "
                    + "configure the classes explicitly");
        }
        List<String> found = new ArrayList<>();
        for (Row r : rows) {
            found.add(r.getString(0));
        }
        found.sort(null);
        if (found.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes but the labelled documents of "
                    + settings.paths() + " have " + found);
        }
        return found;
    }

    private Dataset<Row> structured(Dataset<Row> in, boolean csv, boolean labelled) {
        StructType schema = in.schema();
        requireString(schema, settings.textCol(), "text");
        Column label = lit(null).cast(DataTypes.StringType);
        if (!settings.labelCol().isEmpty() || labelled) {
            requireColumn(schema, settings.labelCol(), "label");
            label = col(quoted(settings.labelCol())).cast(DataTypes.StringType);
        }
        Column text = col(quoted(settings.textCol()));
        Column id;
        if (settings.idCol().isEmpty()) {
            id = hex(xxhash64(coalesce(text, lit(""))));
        } else {
            requireColumn(schema, settings.idCol(), "id");
            id = col(quoted(settings.idCol())).cast(DataTypes.StringType);
        }
        Column line = csv ? coalesce(col(CORRUPT), text) : text;
        Column error = csv ? when(col(CORRUPT).isNotNull(),
                lit("malformed CSV line (unbalanced quotes or wrong number of fields)")) : lit(null).cast(DataTypes.StringType);
        return in.select(id.as(ID), text.as(TEXT), label.as(LABEL),
                validColumn(schema, text).as(VALID), input_file_name().as(SOURCE), line.substr(1, 10_000).as("line"),
                error.as("read_error"));
    }

    private Dataset<Row> csv(SparkSession spark) {
        String[] files = settings.paths().toArray(new String[0]);
        StructType inferred = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
                .csv(files).schema();
        // every column read as a string: ids, labels and flags are compared as text
        StructType strings = new StructType();
        for (StructField f : inferred.fields()) {
            strings = strings.add(f.name(), DataTypes.StringType, true);
        }
        if (!Arrays.asList(inferred.fieldNames()).contains(CORRUPT)) {
            strings = strings.add(CORRUPT, DataTypes.StringType, true);
        }
        return spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
                .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT).schema(strings).csv(files);
    }

    private Column validColumn(StructType schema, Column text) {
        if (!settings.validCol().isEmpty()) {
            requireColumn(schema, settings.validCol(), "valid");
            return coalesce(col(quoted(settings.validCol())).cast(DataTypes.StringType).isin("True", "true", "TRUE", "1"),
                    lit(false));
        }
        if (settings.validFraction() == 0) {
            return lit(false);
        }
        long buckets = 1_000_000;
        Column bucket = org.apache.spark.sql.functions.pmod(xxhash64(coalesce(text, lit("")), lit(seed)), lit(buckets));
        return bucket.lt(lit(Math.round(settings.validFraction() * buckets)));
    }

    /** The folder layout (or plain files): names listed here, files read on the executors. */
    private Dataset<Row> files(SparkSession spark, boolean folders) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String[]> entries = new ArrayList<>(); // path, id, label
        try {
            for (String p : settings.paths()) {
                Path root = new Path(p);
                FileSystem fs = root.getFileSystem(conf);
                FileStatus[] matched = fs.globStatus(root);
                if (matched == null || matched.length == 0) {
                    throw new IllegalArgumentException("no such input: " + p);
                }
                for (FileStatus m : matched) {
                    if (!folders) {
                        listFiles(fs, m, null, entries);
                        continue;
                    }
                    if (!m.isDirectory()) {
                        throw new IllegalArgumentException(m.getPath() + " is not a directory: the folder layout needs "
                                + "one directory per class (e.g. aclImdb/train with pos/ and neg/)");
                    }
                    int classes = 0;
                    for (FileStatus c : fs.listStatus(m.getPath())) {
                        if (c.isDirectory() && !UNLABELLED_FOLDERS.contains(c.getPath().getName())) {
                            classes++;
                            listFiles(fs, c, c.getPath().getName(), entries);
                        }
                    }
                    if (classes == 0) {
                        throw new IllegalArgumentException(m.getPath() + " has no class folders (expected e.g. pos/ and "
                                + "neg/ holding one document per file)");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + settings.paths(), e);
        }
        List<Row> rows = new ArrayList<>(entries.size());
        for (String[] e : entries) {
            rows.add(RowFactory.create(e[0], e[1], e[2]));
        }
        StructType listing = new StructType().add("path", DataTypes.StringType).add(ID, DataTypes.StringType)
                .add(LABEL, DataTypes.StringType);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = Math.max(jsc.defaultParallelism(), (int) Math.min(10_000, rows.size() / 2_000 + 1));
        JavaRDD<Row> read = jsc.parallelize(rows, slices).mapPartitions(new ReadFiles(new HadoopConf(conf)));
        StructType schema = new StructType().add(ID, DataTypes.StringType).add(TEXT, DataTypes.StringType)
                .add(LABEL, DataTypes.StringType).add(SOURCE, DataTypes.StringType).add("read_error", DataTypes.StringType);
        Dataset<Row> docs = spark.createDataFrame(read, schema);
        return docs.select(col(ID), col(TEXT), col(LABEL), validColumn(docs.schema(), col(TEXT)).as(VALID), col(SOURCE),
                col(TEXT).substr(1, 10_000).as("line"), col("read_error"));
    }

    private static void listFiles(FileSystem fs, FileStatus dir, String label, List<String[]> out) throws IOException {
        FileStatus[] files = dir.isDirectory() ? fs.listStatus(dir.getPath()) : new FileStatus[] {dir};
        Arrays.sort(files);
        for (FileStatus f : files) {
            if (f.isDirectory()) {
                continue;
            }
            String name = f.getPath().getName();
            String stem = name.toLowerCase(Locale.ROOT).endsWith(".txt") ? name.substring(0, name.length() - 4) : name;
            out.add(new String[] {f.getPath().toString(), label == null ? stem : label + "/" + stem, label});
        }
    }

    private static void requireString(StructType schema, String column, String role) {
        requireColumn(schema, column, role);
        if (!(schema.apply(column).dataType() instanceof StringType)) {
            throw new IllegalArgumentException(role + " column '" + column + "' must be a string column but is "
                    + schema.apply(column).dataType().simpleString());
        }
    }

    private static void requireColumn(StructType schema, String column, String role) {
        if (column == null || column.isEmpty() || !Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException(role + " column '" + column + "' is not in the input; columns: "
                    + String.join(", ", schema.fieldNames()));
        }
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    /** A Hadoop configuration that travels to the executors (it is {@code Writable}, not serialisable). */
    static final class HadoopConf implements Serializable {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;
        private transient Configuration conf;

        HadoopConf(Configuration conf) {
            try (ByteArrayOutputStream b = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(b)) {
                conf.write(out);
                out.flush();
                this.bytes = b.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Configuration get() {
            if (conf == null) {
                Configuration c = new Configuration(false);
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                    c.readFields(in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                conf = c;
            }
            return conf;
        }
    }

    /** Reads listed files: (path, id, label) -> (id, text, label, source, read_error). */
    private static final class ReadFiles implements FlatMapFunction<Iterator<Row>, Row> {
        private static final long serialVersionUID = 1L;
        private final HadoopConf conf;

        ReadFiles(HadoopConf conf) {
            this.conf = conf;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> listed) {
            List<Row> out = new ArrayList<>();
            while (listed.hasNext()) {
                Row r = listed.next();
                String path = r.getString(0);
                String text = null;
                String error = null;
                try {
                    Path p = new Path(path);
                    byte[] bytes;
                    try (FSDataInputStream in = p.getFileSystem(conf.get()).open(p)) {
                        bytes = in.readAllBytes();
                    }
                    try {
                        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
                    } catch (CharacterCodingException e) {
                        text = new String(bytes, StandardCharsets.UTF_8);
                        error = "not valid UTF-8";
                    }
                } catch (IOException | RuntimeException e) {
                    error = "unreadable file: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                }
                out.add(RowFactory.create(r.getString(1), text, r.isNullAt(2) ? null : r.getString(2), path, error));
            }
            return out.iterator();
        }
    }

    /**
     * Labelled documents read: the usable ones ({@code id, text, label, valid}), the rejects ({@code source, id,
     * line, reason}) and the classes, all backed by one persisted read.
     */
    public static final class LabelledDocuments {
        private final Dataset<Row> tagged;
        private final List<String> classes;

        LabelledDocuments(Dataset<Row> tagged, List<String> classes) {
            this.tagged = tagged;
            this.classes = List.copyOf(classes);
        }

        /** Usable documents: {@code id, text, label, valid}. */
        public Dataset<Row> documents() {
            return tagged.where(col(REASON).isNull()).select(col(ID), col(TEXT), col(LABEL), col(VALID));
        }

        /** Rejected documents with the reason: {@code source, id, line, reason}. */
        public Dataset<Row> rejects() {
            return tagged.where(col(REASON).isNotNull()).select(col(SOURCE), col(ID), col("line"), col(REASON));
        }

        /** The classes, in class-index order. */
        public List<String> classes() {
            return classes;
        }

        /** Documents in, used for training and validation, and rejected. */
        public Counts counts() {
            Row r = tagged.agg(org.apache.spark.sql.functions.count(lit(1)),
                    org.apache.spark.sql.functions.sum(when(col(REASON).isNull().and(org.apache.spark.sql.functions.not(col(VALID))), 1).otherwise(0)),
                    org.apache.spark.sql.functions.sum(when(col(REASON).isNull().and(col(VALID)), 1).otherwise(0)))
                    .first();
            long in = r.getLong(0);
            long train = r.isNullAt(1) ? 0 : r.getLong(1);
            long valid = r.isNullAt(2) ? 0 : r.getLong(2);
            return new Counts(in, train, valid, in - train - valid);
        }

        /** Unpersists the read. */
        public void release() {
            tagged.unpersist();
        }
    }

    /**
     * Document counts of a read.
     *
     * @param in       documents read: {@code train + valid + rejected}
     * @param train    usable training documents
     * @param valid    usable validation documents
     * @param rejected documents routed to rejects
     */
    public record Counts(long in, long train, long valid, long rejected) {
    }
}
