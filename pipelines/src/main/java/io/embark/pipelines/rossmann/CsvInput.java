package io.embark.pipelines.rossmann;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.when;

/**
 * External CSV tables read with Spark as strings, for validation by column expressions: the file must exist
 * and its header must name the required columns (else a clear error naming the file), every field is kept as
 * a string, and a line with the wrong number of fields is flagged instead of being dropped or padded silently.
 */
final class CsvInput {
    /** Reject column: the file, relative to the tables' directory. */
    static final String SOURCE = "source";
    /** Reject column: the line (re-joined fields, or the raw text of a malformed line). */
    static final String LINE = "line";
    /** Reject column: why the row cannot be used (null for a usable row). */
    static final String REASON = "reason";
    private static final String CORRUPT = "_corrupt_record";

    private final Dataset<Row> rows;

    private CsvInput(Dataset<Row> rows) {
        this.rows = rows;
    }

    /**
     * Reads the files {@code relatives} (paths under {@code dir} with the same number of components, such as
     * {@code weather/Bayern.csv}) in as few Spark scans as their headers allow: one per distinct header.
     *
     * @param what      what the files hold, for error messages
     * @param separator the field separator
     * @param nullValue the text of a missing value ({@code ""} for none)
     * @param required  columns every header must name
     * @param names     when not null, the files must have exactly these many columns and get these names
     *                  (for files whose header text varies); when null, columns are named by the header
     * @throws IllegalArgumentException when a file is missing or empty, lacks a required column, or has another
     *                                  number of columns than {@code names}
     */
    static CsvInput read(SparkSession spark, FileSystem fs, Path dir, List<String> relatives, String what,
                         String separator, String nullValue, List<String> required, List<String> names) {
        Map<List<String>, List<String>> byHeader = new LinkedHashMap<>();
        for (String relative : relatives) {
            Path file = new Path(dir, relative);
            List<String> header = header(fs, file, relative, what, separator);
            List<String> missing = required.stream().filter(c -> !header.contains(c)).collect(Collectors.toList());
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("Rossmann " + what + " " + file + " lacks column(s) " + missing
                        + "; its header is " + header);
            }
            if (names != null && header.size() != names.size()) {
                throw new IllegalArgumentException("Rossmann " + what + " " + file + " must have " + names.size()
                        + " columns " + names + "; its header is " + header);
            }
            byHeader.computeIfAbsent(header, h -> new ArrayList<>()).add(file.toString());
        }
        int depth = relatives.get(0).split("/").length;
        Dataset<Row> all = null;
        for (Map.Entry<List<String>, List<String>> group : byHeader.entrySet()) {
            Dataset<Row> part = scan(spark, group.getKey(), names != null ? names : group.getKey(), group.getValue(),
                    separator, nullValue, depth);
            all = all == null ? part : all.unionByName(part);
        }
        return new CsvInput(all);
    }

    private static Dataset<Row> scan(SparkSession spark, List<String> header, List<String> names, List<String> files,
                                     String separator, String nullValue, int depth) {
        StructType schema = new StructType();
        List<Column> fields = new ArrayList<>();
        List<Column> named = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            // read under the header's own names, so that Spark's header check has nothing to warn about
            String name = header.get(i);
            Column c = col("`" + name.replace("`", "``") + "`");
            schema = schema.add(name, DataTypes.StringType, true);
            fields.add(coalesce(c, lit("")));
            named.add(c.as(names.get(i)));
        }
        schema = schema.add(CORRUPT, DataTypes.StringType, true);
        Dataset<Row> raw = spark.read()
                .option("header", "true")
                .option("sep", separator)
                .option("nullValue", nullValue)
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT)
                .schema(schema)
                .csv(files.toArray(new String[0]));
        List<Column> cols = new ArrayList<>();
        cols.add(substring_index(input_file_name(), "/", -depth).as(SOURCE));
        cols.add(coalesce(col(CORRUPT), concat_ws(separator, fields.toArray(new Column[0]))).as(LINE));
        cols.add(col(CORRUPT).isNotNull().as(CORRUPT));
        cols.addAll(named);
        return raw.select(cols.toArray(new Column[0]));
    }

    /** The rows: {@code source, line}, a malformed-line flag, then every column as an untrimmed string. */
    Dataset<Row> rows() {
        return rows;
    }

    /** The reason a malformed line (wrong field count or unbalanced quotes) gets. */
    static Column malformedReason() {
        return when(col(CORRUPT), lit("malformed CSV line (wrong number of fields or unbalanced quotes)"));
    }

    /** Whether {@code relative} exists under {@code dir}. */
    static boolean exists(FileSystem fs, Path dir, String relative) {
        try {
            return fs.isFile(new Path(dir, relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> header(FileSystem fs, Path file, String relative, String what, String separator) {
        if (!exists(fs, file.getParent(), file.getName())) {
            throw new IllegalArgumentException("Rossmann " + what + " is missing: no file " + file
                    + " (expected " + relative + " in the tables' directory)");
        }
        try (FSDataInputStream in = fs.open(file);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = r.readLine();
            if (line == null || line.isBlank()) {
                throw new IllegalArgumentException("Rossmann " + what + " " + file + " is empty; expected a header line");
            }
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            return Arrays.stream(line.split(Pattern.quote(separator), -1))
                    .map(s -> s.trim().replaceAll("^\"|\"$", ""))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Rossmann " + what + " " + file, e);
        }
    }
}
