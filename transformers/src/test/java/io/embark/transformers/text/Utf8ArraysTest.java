package io.embark.transformers.text;

import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Utf8ArraysTest {
    private static final UnsafeProjection SPARK = UnsafeProjection.create(new DataType[] {Tokenizer.OUTPUT_TYPE});

    static UnsafeArrayData spark(UTF8String... strings) {
        return SPARK.apply(new GenericInternalRow(new Object[] {new GenericArrayData(strings)})).getArray(0).copy();
    }

    static UTF8String[] utf8(String... strings) {
        UTF8String[] out = new UTF8String[strings.length];
        for (int i = 0; i < strings.length; i++) {
            out[i] = UTF8String.fromString(strings[i]);
        }
        return out;
    }

    @Test
    void layoutIsSparksOwnByteForByte() {
        for (String[] strings : List.of(new String[0], new String[] {""}, new String[] {"a"},
                new String[] {"12345678", "123456789", "", "é", "日本語", "\uD83D\uDE00"},
                "x".repeat(70).split(""))) {
            UTF8String[] u = utf8(strings);
            ArrayData ours = Utf8Arrays.of(u);
            assertEquals(spark(u), ours, String.join("|", strings));
            assertEquals(strings.length, ours.numElements());
            for (int i = 0; i < strings.length; i++) {
                assertEquals(strings[i], ours.getUTF8String(i).toString());
            }
        }
    }
}
