/**
 * embark's one door to Spark internals: every use of a Spark member that Spark does not promise to keep goes
 * through a small static method here ({@link io.embark.transformers.spark.MlMetadata},
 * {@link io.embark.transformers.spark.CatalystCalls}, {@link io.embark.transformers.spark.InternalRows}), and
 * {@link io.embark.transformers.spark.SparkInternals#verify()} checks by reflection, once, that the running Spark
 * still has each of them with the signature embark was compiled against. A missing or changed member then fails
 * with an {@code IllegalStateException} naming the running Spark version, the checked one and the member, at the
 * first use of the door rather than as a {@code NoSuchMethodError} inside a job.
 *
 * <p><b>Checked on</b> Spark 3.5.7 with Scala 2.12 (the build's {@code spark.version} and
 * {@code scala.binary.version}). Re-check every item below when either changes; a Scala 2.13 build of Spark
 * changes the collection types of the signatures ({@code scala.collection.Seq} is then
 * {@code scala.collection.immutable.Seq}) even when the Spark version stays the same.
 *
 * <h2>The internals behind the door</h2>
 * <ul>
 *   <li><b>{@code DefaultParamsWriter$.saveMetadata} and {@code DefaultParamsReader$.loadMetadata}</b>, with
 *   {@code DefaultParamsReader$Metadata}'s {@code uid}, {@code metadataJson} and {@code getAndSetParams}
 *   ({@link io.embark.transformers.spark.MlMetadata}). Needed so that an embark stage's {@code metadata/} is exactly
 *   the JSON Spark's own stages write (class, timestamp, sparkVersion, uid, paramMap, defaultParamMap), which lets a
 *   {@code Pipeline} holding embark stages save and load like any other and keeps the saved models under test
 *   resources loadable. Considered: the public {@code DefaultParamsWritable}/{@code DefaultParamsReadable} traits;
 *   they write the same JSON but cannot add embark's format version and, being Scala traits with companion-object
 *   readers, fit Java stages badly. Writing the JSON ourselves would copy Spark's format and drift from it. Both
 *   objects are {@code private[ml]} (public in bytecode): on upgrade, a changed parameter list (for example a
 *   {@code SparkSession} in place of the {@code SparkContext}) or a renamed {@code Metadata} breaks saving and
 *   loading every embark stage.</li>
 *   <li><b>{@code StaticInvoke}'s positional constructor</b> (8 parameters: class, result type, method name,
 *   argument and input-type {@code Seq}s, propagateNull, returnNullable, isDeterministic), with
 *   {@code new Column(Expression)} and {@code Column.expr()}
 *   ({@link io.embark.transformers.spark.CatalystCalls}). Needed by the {@code Tokenizer}: the tokenizer is called in
 *   the generated code on UTF-8 bytes and writes its tokens straight into Spark's array layout. Considered: a UDF,
 *   which converts each text to a {@code String} and each token back to UTF-8 through Spark's external-type
 *   converters. Catalyst is internal and {@code StaticInvoke} is a case class whose parameter list has grown
 *   within 3.x ({@code inputTypes} and {@code isDeterministic} came after 3.0): an added or removed parameter breaks
 *   the constructor call, and the planned move of {@code Column} off Catalyst expressions (Spark 4) would break
 *   {@code new Column(Expression)} and {@code Column.expr()}.</li>
 *   <li><b>{@code Dataset.queryExecution().toRdd()}</b> ({@link io.embark.transformers.spark.InternalRows}).
 *   Needed by the one-pass statistics of the tabular stages ({@code stats.PartitionAggregation}), which read
 *   {@code InternalRow}s without converting them to {@code Row}s. Considered: {@code Dataset.javaRDD()} (public, but
 *   deserialises every row into a {@code GenericRow} of boxed values) and a typed {@code Aggregator} (one per
 *   column type, and encoders for the accumulators). {@code QueryExecution} is a developer API that Spark may change
 *   in any release.</li>
 * </ul>
 *
 * <h2>Internal data types used directly</h2>
 * <p>Wrapping these would cost a call and often a copy per value in the hottest loops, so the tokenizer
 * ({@code text.WordSplitter}, {@code text.Utf8Arrays}, {@code text.TokenizerFunctions},
 * {@code text.DocumentTokenizer}), the category counts ({@code tabular.CategoryCounts}) and the accumulators fed by
 * {@code stats.PartitionAggregation} use them where they are; {@code SparkInternals} checks every member they call:
 * <ul>
 *   <li>{@code org.apache.spark.sql.catalyst.InternalRow}: {@code isNullAt}, {@code getDouble}, {@code getLong},
 *   {@code getUTF8String}, the rows of {@code InternalRows}.</li>
 *   <li>{@code org.apache.spark.unsafe.types.UTF8String}: {@code fromString}, {@code fromBytes}, {@code numBytes},
 *   {@code writeToMemory}, {@code clone}, {@code toString}: Spark's string form, taken and produced by the
 *   tokenizer's static calls.</li>
 *   <li>{@code org.apache.spark.sql.catalyst.util.ArrayData}: {@code numElements}, {@code isNullAt},
 *   {@code getUTF8String}; {@code org.apache.spark.sql.catalyst.expressions.UnsafeArrayData}: its no-argument
 *   constructor, {@code calculateHeaderPortionInBytes}, {@code pointTo}: the array form the tokens are written in.</li>
 *   <li>{@code org.apache.spark.unsafe.Platform}: {@code BYTE_ARRAY_OFFSET}, {@code putLong};
 *   {@code org.apache.spark.unsafe.array.ByteArrayMethods}: {@code roundNumberOfBytesToNearestWord},
 *   {@code MAX_ROUNDED_ARRAY_LENGTH}: the writing of that layout.</li>
 * </ul>
 * <p>These have been stable since Spark 2, but the binary layout of {@code UnsafeArrayData} (an 8-byte element
 * count, the null bitmap, then an 8-byte offset-and-length slot per element) is an implementation detail: a change
 * there would not be caught by a reflective check, only by the tokenizer tests ({@code TokenizerTest},
 * {@code Utf8ArraysTest}), which read the arrays back through Spark.
 */
package io.embark.transformers.spark;
