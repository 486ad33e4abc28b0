package io.embark.transformers.spark;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SparkInternals} on the running Spark, and the message for members it lacks. */
class SparkInternalsTest {
    private static final ClassLoader LOADER = SparkInternalsTest.class.getClassLoader();

    @Test
    void everyInternalMemberExistsOnTheRunningSpark() {
        assertDoesNotThrow(() -> SparkInternals.verify());
        assertDoesNotThrow(() -> SparkInternals.verify(SparkInternals.MEMBERS, LOADER));
    }

    @Test
    void theBuildRunsTheSparkVersionTheMembersWereCheckedOn() {
        assertEquals(SparkInternals.CHECKED_SPARK_VERSION, SparkInternals.runningSparkVersion());
    }

    @Test
    void aMissingMethodIsNamedWithTheRunningAndTheCheckedVersion() {
        InternalMember absent = InternalMember.method("org.apache.spark.unsafe.types.UTF8String", "noSuchMember",
                "int", "int");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SparkInternals.verify(List.of(absent), LOADER));
        String m = e.getMessage();
        assertTrue(m.contains("Spark " + SparkInternals.runningSparkVersion()), m);
        assertTrue(m.contains("checked on Spark 3.5.7 (Scala 2.12)"), m);
        assertTrue(m.contains("method int org.apache.spark.unsafe.types.UTF8String.noSuchMember(int): no such method"),
                m);
    }

    @Test
    void aChangedArityAMissingClassAndAChangedTypeAreEachReported() {
        InternalMember sixArguments = InternalMember.constructor(
                "org.apache.spark.sql.catalyst.expressions.objects.StaticInvoke", "java.lang.Class",
                "org.apache.spark.sql.types.DataType", "java.lang.String", "scala.collection.Seq", "boolean",
                "boolean");
        InternalMember missingClass = InternalMember.field("org.apache.spark.NoSuchInternal", "MODULE$", "int");
        InternalMember otherType = InternalMember.method("org.apache.spark.unsafe.types.UTF8String", "numBytes",
                "long");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SparkInternals.verify(List.of(sixArguments, missingClass, otherType), LOADER));
        String m = e.getMessage();
        assertTrue(m.contains("lacks or changed 3 of them"), m);
        assertTrue(m.contains("constructor org.apache.spark.sql.catalyst.expressions.objects.StaticInvoke("
                + "java.lang.Class, org.apache.spark.sql.types.DataType, java.lang.String, scala.collection.Seq, "
                + "boolean, boolean): no such constructor"), m);
        assertTrue(m.contains("field int org.apache.spark.NoSuchInternal.MODULE$: class org.apache.spark.NoSuchInternal"
                + " not found"), m);
        assertTrue(m.contains("method long org.apache.spark.unsafe.types.UTF8String.numBytes(): it returns int"), m);
    }

    @Test
    void theMessageNamesBothVersionsAndEveryProblem() {
        String m = SparkInternals.message("4.0.0", List.of("a: no such method", "b: it returns int"));
        assertEquals("embark cannot run on Spark 4.0.0: it uses Spark internals checked on Spark 3.5.7 (Scala 2.12), "
                + "and this Spark lacks or changed 2 of them:\n  a: no such method\n  b: it returns int\n"
                + "Use Spark 3.5.7, or adapt io.embark.transformers.spark to this version (its package documentation "
                + "says what each member is for).", m);
    }
}
