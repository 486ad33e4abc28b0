package io.embark.transformers.spark;

import java.util.ArrayList;
import java.util.List;

import static io.embark.transformers.spark.InternalMember.constructor;
import static io.embark.transformers.spark.InternalMember.field;
import static io.embark.transformers.spark.InternalMember.method;

/**
 * Checks, once per JVM, that the running Spark still has every internal member embark uses (listed in
 * {@link #MEMBERS}; why each is needed is in this package's documentation). A Spark upgrade that removes or changes
 * one then fails at the first use of embark's Spark door with an {@link IllegalStateException} naming the running
 * Spark version, the version embark was checked on and the member, instead of a {@link NoSuchMethodError} in the
 * middle of a job.
 *
 * <p>The door's entry points ({@link MlMetadata}, {@link CatalystCalls}, {@link InternalRows}) call
 * {@link #verify()} themselves; the first call costs a few dozen reflective look-ups, later calls only read a field.
 * Code that uses the internal data types directly (the tokenizer, the category counts) is covered by the same
 * check through those entry points, which every stage reaches before any data flows.
 *
 * <pre>{@code
 * SparkInternals.verify();   // throws IllegalStateException when the running Spark lacks one of the members
 * }</pre>
 */
public final class SparkInternals {
    /** The Spark version on which every member was checked (the build's {@code spark.version}). */
    public static final String CHECKED_SPARK_VERSION = "3.5.7";
    /** The Scala binary version of that Spark build. */
    public static final String CHECKED_SCALA_VERSION = "2.12";

    private static final String PARAMS = "org.apache.spark.ml.param.Params";
    private static final String SPARK_CONTEXT = "org.apache.spark.SparkContext";
    private static final String OPTION = "scala.Option";
    private static final String SEQ = "scala.collection.Seq";
    private static final String STRING = "java.lang.String";
    private static final String OBJECT = "java.lang.Object";
    private static final String WRITER = "org.apache.spark.ml.util.DefaultParamsWriter$";
    private static final String READER = "org.apache.spark.ml.util.DefaultParamsReader$";
    private static final String METADATA = "org.apache.spark.ml.util.DefaultParamsReader$Metadata";
    private static final String STATIC_INVOKE = "org.apache.spark.sql.catalyst.expressions.objects.StaticInvoke";
    private static final String EXPRESSION = "org.apache.spark.sql.catalyst.expressions.Expression";
    private static final String COLUMN = "org.apache.spark.sql.Column";
    private static final String QUERY_EXECUTION = "org.apache.spark.sql.execution.QueryExecution";
    private static final String INTERNAL_ROW = "org.apache.spark.sql.catalyst.InternalRow";
    private static final String UTF8 = "org.apache.spark.unsafe.types.UTF8String";
    private static final String ARRAY_DATA = "org.apache.spark.sql.catalyst.util.ArrayData";
    private static final String UNSAFE_ARRAY = "org.apache.spark.sql.catalyst.expressions.UnsafeArrayData";
    private static final String PLATFORM = "org.apache.spark.unsafe.Platform";
    private static final String BYTE_ARRAY_METHODS = "org.apache.spark.unsafe.array.ByteArrayMethods";

    /** Every internal member embark uses, with the signature it was compiled against. */
    static final List<InternalMember> MEMBERS = List.of(
            // MlMetadata: Spark ML's private[ml] metadata writer and reader
            field(WRITER, "MODULE$", WRITER),
            method(WRITER, "saveMetadata", "void", PARAMS, STRING, SPARK_CONTEXT, OPTION, OPTION),
            field(READER, "MODULE$", READER),
            method(READER, "loadMetadata", METADATA, STRING, SPARK_CONTEXT, STRING),
            method(METADATA, "uid", STRING),
            method(METADATA, "metadataJson", STRING),
            method(METADATA, "getAndSetParams", "void", PARAMS, OPTION),
            // CatalystCalls: a static Java call as a Catalyst expression
            constructor(STATIC_INVOKE, "java.lang.Class", "org.apache.spark.sql.types.DataType", STRING, SEQ, SEQ,
                    "boolean", "boolean", "boolean"),
            constructor(COLUMN, EXPRESSION),
            method(COLUMN, "expr", EXPRESSION),
            // InternalRows: a Dataset's rows in Spark's internal form
            method("org.apache.spark.sql.Dataset", "queryExecution", QUERY_EXECUTION),
            method(QUERY_EXECUTION, "toRdd", "org.apache.spark.rdd.RDD"),
            method(INTERNAL_ROW, "isNullAt", "boolean", "int"),
            method(INTERNAL_ROW, "getDouble", "double", "int"),
            method(INTERNAL_ROW, "getLong", "long", "int"),
            method(INTERNAL_ROW, "getUTF8String", UTF8, "int"),
            // the internal data types of the tokenizer and of Categorify's counts, used directly
            method(UTF8, "fromString", UTF8, STRING),
            method(UTF8, "fromBytes", UTF8, "byte[]"),
            method(UTF8, "numBytes", "int"),
            method(UTF8, "writeToMemory", "void", OBJECT, "long"),
            method(UTF8, "clone", UTF8),
            method(UTF8, "toString", STRING),
            method(ARRAY_DATA, "numElements", "int"),
            method(ARRAY_DATA, "isNullAt", "boolean", "int"),
            method(ARRAY_DATA, "getUTF8String", UTF8, "int"),
            constructor(UNSAFE_ARRAY),
            method(UNSAFE_ARRAY, "calculateHeaderPortionInBytes", "int", "int"),
            method(UNSAFE_ARRAY, "pointTo", "void", OBJECT, "long", "int"),
            field(PLATFORM, "BYTE_ARRAY_OFFSET", "int"),
            method(PLATFORM, "putLong", "void", OBJECT, "long", "long"),
            method(BYTE_ARRAY_METHODS, "roundNumberOfBytesToNearestWord", "int", "int"),
            field(BYTE_ARRAY_METHODS, "MAX_ROUNDED_ARRAY_LENGTH", "int"));

    private static volatile RuntimeException failure;
    private static volatile boolean verified;

    private SparkInternals() {
    }

    /**
     * Checks every member of {@link #MEMBERS} on the first call and remembers the outcome.
     *
     * @throws IllegalStateException naming the running and the checked Spark version and every missing or changed
     *                               member, on this and every later call, when the running Spark lacks one
     */
    public static void verify() {
        if (verified) {
            return;
        }
        synchronized (SparkInternals.class) {
            if (!verified && failure == null) {
                try {
                    verify(MEMBERS, SparkInternals.class.getClassLoader());
                    verified = true;
                } catch (IllegalStateException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
        }
    }

    /** Checks {@code members} in the classes {@code loader} sees, throwing one exception that lists every problem. */
    static void verify(List<InternalMember> members, ClassLoader loader) {
        List<String> problems = new ArrayList<>();
        for (InternalMember m : members) {
            m.findProblem(loader).ifPresent(p -> problems.add(m.describe() + ": " + p));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(message(runningSparkVersion(), problems));
        }
    }

    /** The exception message for {@code problems} found on Spark {@code runningVersion}. */
    static String message(String runningVersion, List<String> problems) {
        return "embark cannot run on Spark " + runningVersion + ": it uses Spark internals checked on Spark "
                + CHECKED_SPARK_VERSION + " (Scala " + CHECKED_SCALA_VERSION + "), and this Spark lacks or changed "
                + problems.size() + " of them:\n  " + String.join("\n  ", problems)
                + "\nUse Spark " + CHECKED_SPARK_VERSION + ", or adapt io.embark.transformers.spark to this version "
                + "(its package documentation says what each member is for).";
    }

    /** The version of the Spark on the classpath, as {@code org.apache.spark.SPARK_VERSION} reports it. */
    public static String runningSparkVersion() {
        // `package` is a Java keyword, so Spark's package object is reached by reflection
        try {
            Class<?> pkg = Class.forName("org.apache.spark.package$", true, SparkInternals.class.getClassLoader());
            Object module = pkg.getField("MODULE$").get(null);
            return String.valueOf(pkg.getMethod("SPARK_VERSION").invoke(module));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "(unknown version: " + e + ")";
        }
    }
}
