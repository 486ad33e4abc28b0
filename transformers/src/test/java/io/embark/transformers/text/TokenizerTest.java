package io.embark.transformers.text;

import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {
    final SparkSession spark = LocalSpark.get();

    static final StructType TWO_TEXTS = new StructType().add("id", DataTypes.IntegerType)
            .add("title", DataTypes.StringType).add("body", DataTypes.StringType);

    Dataset<Row> twoTexts() {
        return spark.createDataFrame(List.of(
                RowFactory.create(1, "Great Film", "I didn't LIKE it!!!"),
                RowFactory.create(2, null, "Only a body"),
                RowFactory.create(3, "Only a title", null),
                RowFactory.create(4, null, null),
                RowFactory.create(5, "", "")), TWO_TEXTS);
    }

    static List<String> tokens(Row r, String col) {
        return r.getList(r.fieldIndex(col));
    }

    @Test
    void severalColumnsAreMarkedWithXxfldAndNullsKeepTheirRow() {
        Tokenizer tok = new Tokenizer().setInputCols(new String[] {"title", "body"});
        assertTrue(tok.getMarkFields(), "fastai marks fields by default when there are several");
        Dataset<Row> out = tok.transform(twoTexts());
        assertEquals(tok.transformSchema(twoTexts().schema()), out.schema());
        List<Row> rows = out.orderBy("id").collectAsList();
        assertEquals(5, rows.size(), "no row dropped");
        assertEquals(List.of("xxbos", "xxfld", "1", "xxmaj", "great", "xxmaj", "film", "xxfld", "2", "i", "did", "n't",
                "xxup", "like", "it", "xxrep", "3", "!"), tokens(rows.get(0), "tokens"));
        assertEquals(List.of("xxbos", "xxfld", "1", "xxfld", "2", "xxmaj", "only", "a", "body"),
                tokens(rows.get(1), "tokens"));
        assertEquals(List.of("xxbos", "xxfld", "1", "xxmaj", "only", "a", "title", "xxfld", "2"),
                tokens(rows.get(2), "tokens"));
        assertEquals(List.of("xxbos", "xxfld", "1", "xxfld", "2"), tokens(rows.get(3), "tokens"));
        assertEquals(List.of("xxbos", "xxfld", "1", "xxfld", "2"), tokens(rows.get(4), "tokens"));

        List<Row> plain = new Tokenizer().setInputCols(new String[] {"title", "body"}).setMarkFields(false)
                .setOutputCol("t").transform(twoTexts()).orderBy("id").collectAsList();
        assertEquals(List.of("xxbos", "xxmaj", "great", "xxmaj", "film", "i", "did", "n't", "xxup", "like", "it",
                "xxrep", "3", "!"), tokens(plain.get(0), "t"));
        assertEquals(List.of("xxbos"), tokens(plain.get(3), "t"), "all fields null and unmarked: only xxbos");
    }

    @Test
    void interpretedEvaluationGivesTheSameTokensAsGeneratedCode() throws Exception {
        // the column is a static call compiled into generated code; with code generation off Spark evaluates it by
        // reflection, which must find the same methods and give the same rows
        Tokenizer several = new Tokenizer().setInputCols(new String[] {"title", "body"});
        Tokenizer one = new Tokenizer().setInputCol("text").setOutputCol("t");
        Tokenizer oneMarked = new Tokenizer().setInputCol("body").setOutputCol("m").setMarkFields(true);
        Tokenizer severalPlain = new Tokenizer().setInputCols(new String[] {"title", "body"}).setMarkFields(false)
                .setOutputCol("p");
        List<Row> generated = oneMarked.transform(severalPlain.transform(several.transform(twoTexts())))
                .orderBy("id").collectAsList();
        List<Row> imdbGenerated = one.transform(imdbSample()).collectAsList();
        String wholeStage = spark.conf().get("spark.sql.codegen.wholeStage");
        String factory = spark.conf().get("spark.sql.codegen.factoryMode", "FALLBACK");
        try {
            spark.conf().set("spark.sql.codegen.wholeStage", "false");
            spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
            assertEquals(generated, oneMarked.transform(severalPlain.transform(several.transform(twoTexts())))
                    .orderBy("id").collectAsList());
            assertEquals(imdbGenerated, one.transform(imdbSample()).collectAsList());
        } finally {
            spark.conf().set("spark.sql.codegen.wholeStage", wholeStage);
            spark.conf().set("spark.sql.codegen.factoryMode", factory);
        }
        assertEquals(List.of("xxbos", "xxfld", "1", "xxmaj", "only", "a", "body"), tokens(generated.get(1), "m"));
        assertEquals(List.of("xxbos", "xxfld", "1"), tokens(generated.get(2), "m"), "a null field keeps its marker");
    }

    @Test
    void singleColumnNullAndEmptyGiveBos() {
        Dataset<Row> out = new Tokenizer().setInputCol("body").transform(twoTexts());
        List<Row> rows = out.orderBy("id").collectAsList();
        assertEquals(5, rows.size());
        assertEquals(List.of("xxbos", "xxmaj", "only", "a", "body"), tokens(rows.get(1), "tokens"));
        assertEquals(List.of("xxbos"), tokens(rows.get(2), "tokens"), "null");
        assertEquals(List.of("xxbos"), tokens(rows.get(4), "tokens"), "empty");
        assertFalse(out.schema().apply("tokens").nullable());
        assertEquals(Tokenizer.OUTPUT_TYPE, out.schema().apply("tokens").dataType());
        assertEquals(List.of("id", "title", "body", "tokens"), Arrays.asList(out.columns()), "input columns kept");
    }

    @Test
    void schemaErrorsNameTheColumnAndTypes() {
        Dataset<Row> df = twoTexts();
        assertMessage("set inputCols", () -> new Tokenizer().transform(df));
        assertMessage("at least one column", () -> new Tokenizer().setInputCols(new String[0]).transform(df));
        assertMessage("'body' appears more than once",
                () -> new Tokenizer().setInputCols(new String[] {"body", "body"}).transform(df));
        assertMessage("input column 'text' does not exist. Available columns: id, title, body",
                () -> new Tokenizer().setInputCol("text").transform(df));
        assertMessage("column 'id' must be a string column but is int",
                () -> new Tokenizer().setInputCol("id").transform(df));
        assertMessage("output column 'title' already exists",
                () -> new Tokenizer().setInputCol("body").setOutputCol("title").transform(df));
        assertMessage("outputCol must be a non-empty", () -> new Tokenizer().setInputCol("body").setOutputCol(" ")
                .transform(df));
    }

    static void assertMessage(String part, org.junit.jupiter.api.function.Executable run) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("Tokenizer: "), e.getMessage());
    }

    @Test
    void saveLoadRoundTripGivesIdenticalOutput(@TempDir Path dir) throws Exception {
        Tokenizer tok = new Tokenizer().setInputCols(new String[] {"title", "body"}).setOutputCol("toks");
        tok.save(dir.resolve("tok").toString());
        Tokenizer loaded = Tokenizer.load(dir.resolve("tok").toString());
        assertEquals(tok.uid(), loaded.uid());
        assertEquals(Arrays.asList(tok.getInputCols()), Arrays.asList(loaded.getInputCols()));
        assertEquals("toks", loaded.getOutputCol());
        assertTrue(loaded.getMarkFields());
        assertThrows(Exception.class, () -> tok.save(dir.resolve("tok").toString()), "no silent overwrite");
        tok.write().overwrite().save(dir.resolve("tok").toString());

        PipelineModel p = new Pipeline().setStages(new PipelineStage[] {tok.copy(new org.apache.spark.ml.param.ParamMap())
                .setMarkFields(false)}).fit(twoTexts());
        p.save(dir.resolve("p").toString());
        assertEquals(p.transform(twoTexts()).orderBy("id").collectAsList(),
                PipelineModel.load(dir.resolve("p").toString()).transform(twoTexts()).orderBy("id").collectAsList());
        assertTrue(tok.toString().contains("inputCols=title,body"), tok.toString());
    }

    static Path resource(String name) throws URISyntaxException {
        return Paths.get(TokenizerTest.class.getResource("/text/" + name).toURI());
    }

    /** The reviews of the bundled IMDB sample, in file order. */
    Dataset<Row> imdbSample() throws URISyntaxException {
        return spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
                .csv(resource("imdb-train-sample.csv").toString());
    }

    @Test
    void imdbSampleMatchesFastaiTokensExactly() throws Exception {
        List<String> expected = Files.readAllLines(resource("imdb-train-sample.fastai-tokens.txt"),
                StandardCharsets.UTF_8);
        List<Row> rows = new Tokenizer().setInputCol("text").transform(imdbSample()).collectAsList();
        assertEquals(expected.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            List<String> want = new ArrayList<>();
            for (String t : expected.get(i).split(" ")) {
                want.add(unescape(t));
            }
            assertEquals(want, tokens(rows.get(i), "tokens"), "review " + rows.get(i).getAs("file"));
        }
    }

    static String unescape(String t) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\\') {
                char e = t.charAt(++i);
                b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 's' ? ' ' : e);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Test
    void imdbSampleInvariants() throws Exception {
        List<Row> rows = new Tokenizer().setInputCol("text").transform(imdbSample()).collectAsList();
        assertTrue(rows.size() >= 50);
        Set<String> markers = Set.of(SpecialTokens.BOS, SpecialTokens.TK_MAJ, SpecialTokens.TK_UP);
        for (Row r : rows) {
            List<String> toks = tokens(r, "tokens");
            String text = r.getAs("text");
            assertEquals("xxbos", toks.get(0));
            StringBuilder rebuilt = new StringBuilder();
            for (int i = 0; i < toks.size(); i++) {
                String t = toks.get(i);
                assertFalse(t.isEmpty(), "no empty tokens");
                assertTrue(t.isBlank() || t.chars().noneMatch(Character::isWhitespace),
                        "whitespace only in whitespace tokens: '" + t + "'");
                if (markers.contains(t)) {
                    continue;
                }
                if (t.equals(SpecialTokens.TK_REP) || t.equals(SpecialTokens.TK_WREP)) {
                    int n = Integer.parseInt(toks.get(i + 1));
                    rebuilt.append(toks.get(i + 2).repeat(n));
                    i += 2;
                    continue;
                }
                rebuilt.append(t);
            }
            assertEquals(nonSpace(PyChars.lower(FastaiRules.fixHtml(text))), nonSpace(rebuilt.toString()),
                    "detokenizing recovers the lowercased text of " + r.getAs("file"));
        }
    }

    static String nonSpace(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().filter(c -> !PyChars.isSpace(c)).forEach(b::appendCodePoint);
        return b.toString();
    }
}
