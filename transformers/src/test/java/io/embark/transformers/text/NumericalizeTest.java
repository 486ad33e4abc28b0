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
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumericalizeTest {
    final SparkSession spark = LocalSpark.get();

    static final StructType TOKENS = new StructType().add("id", DataTypes.IntegerType)
            .add("tokens", DataTypes.createArrayType(DataTypes.StringType, true), true);

    /** The bundled IMDB sample (label, text, file), 51 reviews. */
    Dataset<Row> imdb() throws URISyntaxException {
        return spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
                .csv(Paths.get(NumericalizeTest.class.getResource("/text/imdb-train-sample.csv").toURI()).toString());
    }

    @SafeVarargs
    final Dataset<Row> docs(List<String>... docs) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < docs.length; i++) {
            rows.add(RowFactory.create(i, docs[i]));
        }
        return spark.createDataFrame(rows, TOKENS);
    }

    static List<String> split(String s) {
        return Arrays.asList(s.split(" "));
    }

    static List<String> withoutFakes(List<String> itos) {
        List<String> l = new ArrayList<>(itos);
        l.removeIf(TokenVocabulary.FAKE::equals);
        return l;
    }

    static List<String> specialsAnd(String... words) {
        List<String> l = new ArrayList<>(SpecialTokens.ALL);
        l.addAll(List.of(words));
        return l;
    }

    static int[] ids(Row r, String col) {
        List<Integer> l = r.getList(r.fieldIndex(col));
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void fastaiDocExampleWithMinFreqTwo() {
        // fastai/text/data.py: Numericalize(min_freq=2) on these two texts -> specials + 'is text'
        Dataset<Row> train = docs(split("This is an example of text"), split("this is another text"));
        NumericalizeModel num = new Numericalize().setMinFreq(2).fit(train);
        assertEquals(specialsAnd("is", "text"), withoutFakes(num.itos()));
        assertEquals(16, num.vocabSize());
        List<Row> out = num.transform(train).orderBy("id").collectAsList();
        assertArrayEquals(new int[] {0, 9, 0, 0, 0, 10}, ids(out.get(0), "ids"), "same ids as fastai's test");
        assertEquals(List.of("xxunk", "is", "xxunk", "xxunk", "xxunk", "text"), num.decode(ids(out.get(0), "ids")));
    }

    @Test
    void tiesAreBrokenByCodePointOrderNotFirstAppearance() {
        Dataset<Row> train = docs(split("This is an example of text"), split("this is another text"));
        NumericalizeModel num = new Numericalize().setMinFreq(1).fit(train);
        // fastai keeps equally frequent words in order of first appearance (This an example of this another);
        // embark orders them by code point, which does not depend on how the data is partitioned
        assertEquals(specialsAnd("is", "text", "This", "an", "another", "example", "of", "this"),
                withoutFakes(num.itos()));
        assertArrayEquals(new int[] {11, 9, 12, 14, 15, 10}, num.encode(split("This is an example of text")));
    }

    @Test
    void countsMinFreqMaxVocabAndSpecialsInTheData() {
        Dataset<Row> train = docs(split("xxbos xxmaj b a a c"), split("xxbos b a c c"), split("xxbos a b d d d"),
                split("xxbos e e e e xxunk xxunk xxunk xxunk xxunk"));
        // counts: e 4, a 4, d 3, b 3, c 3; specials are counted but always sit first, once
        NumericalizeModel num = new Numericalize().fit(train);
        assertEquals(specialsAnd("a", "e", "b", "c", "d"), withoutFakes(num.itos()), "count desc, then token");
        assertEquals(16, num.vocabSize());
        assertEquals(specialsAnd("a", "e", "b", "c", "d"),
                withoutFakes(new Numericalize().setMinFreq(3).fit(train).itos()));
        assertEquals(specialsAnd("a", "e"), withoutFakes(new Numericalize().setMinFreq(4).fit(train).itos()));
        assertEquals(specialsAnd("a", "e", "b"), withoutFakes(new Numericalize().setMaxVocab(12).fit(train).itos()),
                "maxVocab counts the 9 specials");
        assertEquals(SpecialTokens.ALL, withoutFakes(new Numericalize().setMaxVocab(9).fit(train).itos()));
        NumericalizeModel none = new Numericalize().setMinFreq(100).fit(train);
        assertEquals(16, none.vocabSize(), "no word kept: specials and 7 xxfake");
    }

    @Test
    void multipleOfEightAlwaysPadded() {
        // 7 words + 9 specials = 16: fastai still appends 8 xxfake
        Dataset<Row> train = docs(split("a b c d e f g"));
        NumericalizeModel num = new Numericalize().setMinFreq(1).fit(train);
        assertEquals(24, num.vocabSize());
        assertEquals(List.of("xxfake", "xxfake", "xxfake", "xxfake", "xxfake", "xxfake", "xxfake", "xxfake"),
                num.itos().subList(16, 24));
    }

    @Test
    void unknownNullAndFakeTokensMapToZeroAndNullArraysStayNull() {
        NumericalizeModel num = new Numericalize().setMinFreq(1).fit(docs(split("xxbos the cat"), split("the dog")));
        Dataset<Row> test = docs(Arrays.asList("xxbos", "the", "bird", null, "xxfake", "xxpad"), null);
        Dataset<Row> out = num.transform(test);
        assertEquals(num.transformSchema(test.schema()), out.schema());
        List<Row> rows = out.orderBy("id").collectAsList();
        assertArrayEquals(new int[] {2, 9, 0, 0, 0, 1}, ids(rows.get(0), "ids"));
        assertTrue(rows.get(1).isNullAt(rows.get(1).fieldIndex("ids")));
    }

    @Test
    void fitTwiceOrOnOtherPartitionsGivesTheSameVocabulary() throws Exception {
        Dataset<Row> imdb = new Tokenizer().setInputCol("text").transform(imdb()).cache();
        NumericalizeModel a = new Numericalize().setMinFreq(2).fit(imdb);
        NumericalizeModel b = new Numericalize().setMinFreq(2).fit(imdb.repartition(7));
        NumericalizeModel c = new Numericalize().setMinFreq(2).fit(imdb.coalesce(1).orderBy(col("file").desc()));
        assertEquals(a.itos(), b.itos());
        assertEquals(a.itos(), c.itos());
        assertTrue(a.vocabSize() > 500, "IMDB sample vocabulary: " + a.vocabSize());
        // the kept words are exactly those with count >= 2, in count order
        Map<String, Integer> counts = new HashMap<>();
        for (Row r : imdb.collectAsList()) {
            for (Object t : r.getList(r.fieldIndex("tokens"))) {
                counts.merge((String) t, 1, Integer::sum);
            }
        }
        List<String> words = withoutFakes(a.itos()).subList(9, withoutFakes(a.itos()).size());
        assertEquals(counts.entrySet().stream().filter(e -> e.getValue() >= 2)
                .filter(e -> !SpecialTokens.ALL.contains(e.getKey())).count(), words.size());
        for (int i = 1; i < words.size(); i++) {
            int prev = counts.get(words.get(i - 1));
            int cur = counts.get(words.get(i));
            assertTrue(prev > cur || prev == cur && Numericalize.CODE_POINT_ORDER.compare(words.get(i - 1),
                    words.get(i)) < 0, "order at " + words.get(i));
        }
        imdb.unpersist();
    }

    @Test
    void decodingInvertsEncodingOnTheImdbSample() throws Exception {
        Dataset<Row> tokens = new Tokenizer().setInputCol("text").transform(imdb());
        NumericalizeModel exact = new Numericalize().setMinFreq(1).fit(tokens);
        NumericalizeModel cut = new Numericalize().fit(tokens);
        List<Row> rows = cut.transform(exact.transform(tokens).withColumnRenamed("ids", "all")).collectAsList();
        assertEquals(51, rows.size());
        int unknown = 0;
        for (Row r : rows) {
            List<String> t = r.getList(r.fieldIndex("tokens"));
            assertEquals(t, exact.decode(ids(r, "all")), "minFreq 1 on the sample itself: exact round trip");
            List<String> back = cut.decode(ids(r, "ids"));
            for (int i = 0; i < t.size(); i++) {
                if (cut.vocabulary().id(t.get(i)) != 0) {
                    assertEquals(t.get(i), back.get(i));
                } else {
                    assertEquals("xxunk", back.get(i));
                    unknown++;
                }
            }
        }
        assertTrue(unknown > 0, "minFreq 3 leaves some words out");
        // readable text: the original words, in order, up to spacing and case lost by tokenization
        for (Row r : rows) {
            String text = exact.decodeText(ids(r, "all"));
            String original = r.getAs("text");
            assertEquals(nonSpace(PyChars.lower(FastaiRules.fixHtml(original))), nonSpace(PyChars.lower(text)));
        }
    }

    static String nonSpace(String s) {
        return s.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    @Test
    void decodesArrayColumnsOnTheExecutors() {
        NumericalizeModel num = new Numericalize().setMinFreq(1)
                .fit(docs(split("xxbos xxmaj the cat xxrep 3 !"), split("xxbos xxup dog")));
        Dataset<Row> out = num.transform(docs(split("xxbos xxmaj the cat xxrep 3 !"), split("xxbos xxup dog bird")))
                .withColumn("back", num.decodeTokensColumn(col("ids")))
                .withColumn("text", num.decodeTextColumn(col("ids")));
        List<Row> rows = out.orderBy("id").collectAsList();
        assertEquals(split("xxbos xxmaj the cat xxrep 3 !"), rows.get(0).getList(rows.get(0).fieldIndex("back")));
        assertEquals("The cat !!!", rows.get(0).getAs("text"));
        assertEquals("DOG xxunk", rows.get(1).getAs("text"));
        assertEquals("The cat", num.decodeText(num.encode(split("xxbos xxmaj the cat"))));
        Dataset<Row> bad = spark.createDataFrame(List.of(RowFactory.create(List.of(1, 99_999))),
                new StructType().add("ids", DataTypes.createArrayType(DataTypes.IntegerType)));
        Exception e = assertThrows(Exception.class,
                () -> bad.select(num.decodeTextColumn(col("ids"))).collectAsList());
        assertTrue(String.valueOf(rootCause(e).getMessage()).contains("outside the vocabulary"), e.toString());
    }

    static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void estimatorModelAndPipelineRoundTrip(@TempDir Path dir) throws Exception {
        Dataset<Row> text = imdb();
        Numericalize est = new Numericalize().setMinFreq(2).setMaxVocab(500).setOutputCol("x");
        est.save(dir.resolve("est").toString());
        assertThrows(IOException.class, () -> est.save(dir.resolve("est").toString()), "saving twice fails");
        est.write().overwrite().save(dir.resolve("est").toString());
        Numericalize estBack = Numericalize.load(dir.resolve("est").toString());
        assertEquals(est.uid(), estBack.uid());
        assertEquals(2, estBack.getMinFreq());
        assertEquals(500, estBack.getMaxVocab());
        assertEquals("x", estBack.getOutputCol());

        Dataset<Row> tokens = new Tokenizer().setInputCol("text").transform(text);
        NumericalizeModel model = est.fit(tokens);
        assertEquals(504, model.vocabSize(), "500 then 4 xxfake");
        model.save(dir.resolve("model").toString());
        NumericalizeModel back = NumericalizeModel.load(dir.resolve("model").toString());
        assertEquals(model.uid(), back.uid());
        assertEquals(model.itos(), back.itos());
        assertEquals("x", back.getOutputCol());
        assertEquals(model.transform(tokens).collectAsList(), back.transform(tokens).collectAsList());
        assertTrue(java.nio.file.Files.exists(dir.resolve("model/data")), "vocabulary stored as Parquet");
        assertEquals(504, spark.read().parquet(dir.resolve("model/data").toString()).count());

        PipelineModel pipe = new Pipeline().setStages(new PipelineStage[] {
            new Tokenizer().setInputCol("text"), new Numericalize()}).fit(text);
        pipe.save(dir.resolve("pipe").toString());
        PipelineModel pipeBack = PipelineModel.load(dir.resolve("pipe").toString());
        assertEquals(((NumericalizeModel) pipe.stages()[1]).itos(), ((NumericalizeModel) pipeBack.stages()[1]).itos());
        List<Row> a = pipe.transform(text).select("file", "ids").orderBy("file").collectAsList();
        List<Row> b = pipeBack.transform(text).select("file", "ids").orderBy("file").collectAsList();
        assertEquals(a, b);
        assertEquals(51, a.size());
    }

    @Test
    void copyKeepsUidVocabularyAndParams() {
        NumericalizeModel num = new Numericalize().setMinFreq(1).setOutputCol("o").fit(docs(split("a b")));
        NumericalizeModel copy = num.copy(new org.apache.spark.ml.param.ParamMap());
        assertEquals(num.uid(), copy.uid());
        assertEquals(num.itos(), copy.itos());
        assertEquals("o", copy.getOutputCol());
        assertEquals(num.parent(), copy.parent());
        assertTrue(num.toString().contains("vocabSize=16"), num.toString());
    }

    @Test
    void badSchemasParamsAndEmptyDataFailWithClearMessages() {
        Dataset<Row> train = docs(split("a b"));
        assertMessage("input column 'nope' does not exist", () -> new Numericalize().setInputCol("nope").fit(train));
        assertMessage("column 'id' must be array<string>", () -> new Numericalize().setInputCol("id").fit(train));
        Dataset<Row> ints = spark.createDataFrame(List.of(RowFactory.create(List.of(1))),
                new StructType().add("tokens", DataTypes.createArrayType(DataTypes.IntegerType)));
        assertMessage("but is array<int>", () -> new Numericalize().fit(ints));
        assertMessage("output column 'id' already exists", () -> new Numericalize().setOutputCol("id").fit(train));
        assertThrows(IllegalArgumentException.class, () -> new Numericalize().setMinFreq(0));
        assertThrows(IllegalArgumentException.class, () -> new Numericalize().setMaxVocab(8));
        assertMessage("training data is empty", () -> new Numericalize().fit(train.limit(0)));
        NumericalizeModel num = new Numericalize().setMinFreq(1).fit(train);
        assertMessage("output column 'tokens' already exists", () -> num.setOutputCol("tokens").transform(train));
    }

    static void assertMessage(String fragment, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should contain '" + fragment + "'");
    }
}
