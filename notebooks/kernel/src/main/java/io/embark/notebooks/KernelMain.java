package io.embark.notebooks;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * What Jupyter starts: {@code KernelMain CONNECTION_FILE}. Reads the connection file Jupyter wrote (ports, key,
 * transport), starts an {@link EmbarkKernel} whose cells see this JVM's class path, and serves requests until
 * Jupyter asks it to shut down. {@code bin/embark kernel} runs it with the JVM flags Spark needs on Java 17.
 */
public final class KernelMain {

  private KernelMain() {
  }

  /**
   * @param args the connection file
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: KernelMain CONNECTION_FILE (Jupyter passes it as {connection_file})");
      System.exit(2);
    }
    Path connectionFile = Path.of(args[0]);
    if (!Files.isRegularFile(connectionFile)) {
      System.err.println("no Jupyter connection file at " + connectionFile.toAbsolutePath());
      System.exit(2);
    }
    KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(connectionFile));
    JupyterConnection connection = new JupyterConnection(properties);
    EmbarkKernel kernel = EmbarkKernel.builder().build();
    kernel.onStartup();
    kernel.becomeHandlerForConnection(connection);
    connection.connect();
    connection.waitUntilClose();
  }
}
