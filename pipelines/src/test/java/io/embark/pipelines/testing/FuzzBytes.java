package io.embark.pipelines.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The bytes of generated input lines for the readers' fuzz tests: text as UTF-8, with raw (possibly invalid) bytes spliced in. */
public final class FuzzBytes {
    private FuzzBytes() {
    }

    /** {@code s} as UTF-8. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code before}, then {@code raw} exactly as given (NUL, invalid UTF-8 ...), then {@code after}. */
    public static byte[] spliced(String before, byte[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(before));
        out.writeBytes(raw);
        out.writeBytes(utf8(after));
        return out.toByteArray();
    }
}
