package io.embark.transformers.text;

import java.util.Arrays;

/** An immutable set of code points stored as sorted, disjoint ranges; membership by binary search. */
final class CodePointSet {
    private final int[] starts;
    private final int[] ends;
    private final boolean[] ascii = new boolean[128];

    /** Parses space-separated hexadecimal code points and ranges such as {@code "21-2C 2E"}. */
    CodePointSet(String ranges) {
        String[] parts = ranges.trim().split(" ");
        starts = new int[parts.length];
        ends = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int dash = parts[i].indexOf('-');
            starts[i] = Integer.parseInt(dash < 0 ? parts[i] : parts[i].substring(0, dash), 16);
            ends[i] = dash < 0 ? starts[i] : Integer.parseInt(parts[i].substring(dash + 1), 16);
            if (i > 0 && starts[i] <= ends[i - 1]) {
                throw new IllegalArgumentException("ranges must be sorted and disjoint: " + parts[i]);
            }
        }
        for (int c = 0; c < 128; c++) {
            ascii[c] = lookup(c);
        }
    }

    boolean contains(int cp) {
        return cp < 128 ? ascii[cp] : lookup(cp);
    }

    /** Whether any code point of {@code s} is in the set. */
    boolean containsAny(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (contains(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    private boolean lookup(int cp) {
        int i = Arrays.binarySearch(starts, cp);
        if (i >= 0) {
            return true;
        }
        int before = -i - 2;
        return before >= 0 && cp <= ends[before];
    }
}
