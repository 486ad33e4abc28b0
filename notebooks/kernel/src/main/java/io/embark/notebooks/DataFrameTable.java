package io.embark.notebooks;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Renders the first rows of a Spark {@link Dataset} as a notebook table: HTML (column names with their Spark types
 * as a tooltip) and a fixed-width text version for plain viewers. Only {@code limit(rows + 1)} is computed, so any
 * size of DataFrame renders in the time its first rows take; a note under the table says when rows were left out.
 * Long cell values are cut at {@value #MAX_CHARS} characters.
 */
public final class DataFrameTable {

  /** Rows shown when a DataFrame is a cell's result or passed to {@code display}. */
  public static final int DEFAULT_ROWS = 20;
  static final int MAX_CHARS = 120;

  private DataFrameTable() {
  }

  /**
   * @param dataset any Dataset (typed ones are shown through {@code toDF()})
   * @param rows how many rows to show, at least 1
   */
  public static DisplayData render(Dataset<?> dataset, int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be at least 1, got " + rows);
    }
    Dataset<Row> frame = dataset.toDF();
    StructField[] fields = frame.schema().fields();
    List<Row> taken = frame.limit(rows + 1).collectAsList();
    boolean more = taken.size() > rows;
    List<List<String>> cells = new ArrayList<>();
    for (Row row : taken.subList(0, Math.min(rows, taken.size()))) {
      List<String> values = new ArrayList<>(fields.length);
      for (int i = 0; i < fields.length; i++) {
        values.add(format(row.get(i)));
      }
      cells.add(values);
    }
    String note = more ? "first " + rows + " rows" : taken.size() + (taken.size() == 1 ? " row" : " rows");
    DisplayData data = new DisplayData(text(fields, cells, note));
    data.putHTML(html(fields, cells, note));
    return data;
  }

  static String format(Object value) {
    String text;
    if (value == null) {
      text = "null";
    } else if (value instanceof byte[] bytes) {
      text = "[" + bytes.length + " bytes]";
    } else if (value instanceof scala.collection.Seq<?> seq) {
      text = seq.mkString("[", ", ", "]");
    } else if (value instanceof scala.collection.Map<?, ?> map) {
      text = map.mkString("{", ", ", "}");
    } else {
      text = value.toString();
    }
    return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS - 1) + "\u2026" : text;
  }

  private static String html(StructField[] fields, List<List<String>> cells, String note) {
    StringBuilder out = new StringBuilder("<table class=\"dataframe\">\n<thead><tr>");
    for (StructField field : fields) {
      out.append("<th title=\"").append(escape(field.dataType().simpleString())).append("\">")
          .append(escape(field.name())).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : cells) {
      out.append("<tr>");
      for (String value : row) {
        out.append("<td>").append(escape(value)).append("</td>");
      }
      out.append("</tr>\n");
    }
    return out.append("</tbody>\n</table>\n<p><small>").append(note).append("</small></p>").toString();
  }

  private static String text(StructField[] fields, List<List<String>> cells, String note) {
    int[] widths = new int[fields.length];
    for (int i = 0; i < fields.length; i++) {
      widths[i] = fields[i].name().length();
      for (List<String> row : cells) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendLine(out, widths, java.util.Arrays.stream(fields).map(StructField::name).toList());
    for (int i = 0; i < fields.length; i++) {
      out.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    out.append('\n');
    for (List<String> row : cells) {
      appendLine(out, widths, row);
    }
    return out.append('(').append(note).append(')').toString();
  }

  private static void appendLine(StringBuilder out, int[] widths, List<String> values) {
    for (int i = 0; i < widths.length; i++) {
      String value = values.get(i);
      out.append(i == 0 ? "" : " | ").append(value).append(" ".repeat(widths[i] - value.length()));
    }
    out.append('\n');
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
