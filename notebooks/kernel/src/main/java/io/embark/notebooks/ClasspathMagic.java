package io.embark.notebooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

/**
 * The {@code %classpath} and {@code %jars} line magics: add jars or class directories to the cells that follow, e.g.
 * {@code %jars lib/*.jar} or {@code %classpath target/classes extra.jar}. A file name may hold {@code *} and
 * {@code ?} wildcards (not in its directory part). A path that matches nothing is an error, so a typo does not go
 * unnoticed; the magic prints what it added.
 */
final class ClasspathMagic implements LineMagic<Void, EmbarkKernel> {

  @Override
  public Void eval(EmbarkKernel kernel, List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("usage: %classpath PATH... (jars or class directories; * and ? allowed)");
    }
    List<Path> added = new ArrayList<>();
    for (String arg : args) {
      List<Path> matches = resolve(arg);
      if (matches.isEmpty()) {
        throw new IllegalArgumentException("nothing at " + Path.of(arg).toAbsolutePath());
      }
      for (Path match : matches) {
        kernel.addToClasspath(match.toAbsolutePath().toString());
        added.add(match);
      }
    }
    System.out.println("added to the classpath: " + added);
    return null;
  }

  static List<Path> resolve(String arg) {
    Path path = Path.of(arg);
    String name = path.getFileName() == null ? arg : path.getFileName().toString();
    if (!name.contains("*") && !name.contains("?")) {
      return Files.exists(path) ? List.of(path) : List.of();
    }
    Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> matches = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, name)) {
      entries.forEach(matches::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    matches.sort(null);
    return matches;
  }
}
