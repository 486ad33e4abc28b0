package io.embark.transformers.text;

import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.array.ByteArrayMethods;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Writes strings straight into Spark's binary array layout ({@link UnsafeArrayData}): the element count, the null
 * bits, one word per element holding its offset and length, then each element's UTF-8 bytes padded to 8 bytes. This is
 * byte for byte what Spark's own array writer makes of the same strings, so the array compares and hashes as any
 * Spark array, and a generated projection copies it into a row whole instead of element by element. No element is
 * null.
 */
final class Utf8Arrays {
    /** Strings to write: how many, each one's UTF-8 length, and a way to write its bytes. */
    interface Elements {
        /** Number of strings. */
        int count();

        /** Length of string {@code i} in UTF-8 bytes. */
        int utf8Length(int i);

        /** Writes string {@code i} in UTF-8 at {@code offset} of {@code out}. */
        void writeUtf8(int i, byte[] out, int offset);
    }

    private Utf8Arrays() {
    }

    /** The array of {@code elements}. */
    static ArrayData of(Elements elements) {
        int n = elements.count();
        int slots = UnsafeArrayData.calculateHeaderPortionInBytes(n);
        int header = slots + 8 * n;
        long total = header;
        for (int i = 0; i < n; i++) {
            total += ByteArrayMethods.roundNumberOfBytesToNearestWord(elements.utf8Length(i));
        }
        if (total > ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH) {
            throw new IllegalArgumentException("the strings take " + total + " bytes, more than a Spark array can hold ("
                    + ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH + ")");
        }
        byte[] out = new byte[(int) total];
        Platform.putLong(out, Platform.BYTE_ARRAY_OFFSET, n);
        int cursor = header;
        for (int i = 0; i < n; i++) {
            int len = elements.utf8Length(i);
            elements.writeUtf8(i, out, cursor);
            Platform.putLong(out, Platform.BYTE_ARRAY_OFFSET + slots + 8L * i, ((long) cursor << 32) | len);
            cursor += ByteArrayMethods.roundNumberOfBytesToNearestWord(len);
        }
        UnsafeArrayData array = new UnsafeArrayData();
        array.pointTo(out, Platform.BYTE_ARRAY_OFFSET, out.length);
        return array;
    }

    /** The array of {@code strings}. */
    static ArrayData of(UTF8String[] strings) {
        return of(new Elements() {
            @Override
            public int count() {
                return strings.length;
            }

            @Override
            public int utf8Length(int i) {
                return strings[i].numBytes();
            }

            @Override
            public void writeUtf8(int i, byte[] out, int offset) {
                strings[i].writeToMemory(out, Platform.BYTE_ARRAY_OFFSET + offset);
            }
        });
    }
}
