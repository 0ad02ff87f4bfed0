package dev.livedrop.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 server for tests: s3proxy on its jclouds {@code filesystem} backend, in a JVM of its
 * own (its Jetty and jclouds never meet our classpath), on a free 127.0.0.1 port, keeping its
 * buckets in a temporary directory. The jar is copied to target/s3proxy by the build. Stopped,
 * directory and all, by {@link #close} and by a shutdown hook should a test run die first.
 */
public final class S3Proxy implements AutoCloseable {
  public static final String ACCESS_KEY = "livedrop-test";
  public static final String SECRET_KEY = "livedrop-test-secret";
  private static final Path JAR = Path.of(System.getProperty("basedir", "."), "target", "s3proxy", "s3proxy.jar");

  private final Path dir;
  private final int port;
  private final Thread hook;
  private Process process;
  private S3Client client;

  private S3Proxy(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.hook = new Thread(() -> {
      kill();
      deleteDir();
    }, "s3proxy-stop");
  }

  /** Skips without the jar (a build that skipped the copy), but fails under CI, where it must be there. */
  public static void assumeInstalled() {
    boolean present = Files.isRegularFile(JAR);
    if (!present && System.getenv("CI") != null) fail(JAR + " missing under CI: the build copies it (maven-dependency-plugin)");
    assumeTrue(present, "S3 tests need s3proxy's jar at " + JAR + ", which `mvn test` copies there from Maven Central");
  }

  public static S3Proxy start() throws IOException {
    assumeInstalled();
    Path dir = Files.createTempDirectory("livedrop-s3proxy-");
    int port;
    try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    var proxy = new S3Proxy(dir, port);
    Runtime.getRuntime().addShutdownHook(proxy.hook);
    try {
      proxy.launch();
    } catch (IOException | RuntimeException e) {
      proxy.close();
      throw e;
    }
    return proxy;
  }

  private void launch() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Path properties = dir.resolve("s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=" + endpoint(),
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + dir.resolve("data"),
        ""));
    String java = ProcessHandle.current().info().command().orElse("java");
    var builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(),
        "--properties", properties.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile()));
    builder.environment().put("LOG_LEVEL", "warn");
    process = builder.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!accepts()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        kill();
        throw new IOException("s3proxy did not start on port " + port + ": " + logTail());
      }
      sleep(100);
    }
  }

  private boolean accepts() {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The settings that point a livedrop server at {@code bucket} here. */
  public Map<String, String> env(String bucket) {
    return Map.of("LIVEDROP_BLOB_STORE", "s3", "LIVEDROP_S3_ENDPOINT", endpoint().toString(),
        "LIVEDROP_S3_BUCKET", bucket, "LIVEDROP_S3_ACCESS_KEY", ACCESS_KEY, "LIVEDROP_S3_SECRET_KEY", SECRET_KEY);
  }

  public synchronized S3Client client() {
    if (client == null) {
      client = S3Client.builder()
          .httpClientBuilder(UrlConnectionHttpClient.builder())
          .endpointOverride(endpoint())
          .region(Region.US_EAST_1)
          .forcePathStyle(true)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
          .build();
    }
    return client;
  }

  public S3Proxy createBucket(String bucket) {
    client().createBucket(b -> b.bucket(bucket));
    return this;
  }

  /** Every key in {@code bucket} under {@code prefix}, sorted. */
  public List<String> keys(String bucket, String prefix) {
    var keys = new ArrayList<String>();
    for (S3Object o : client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) keys.add(o.key());
    return keys;
  }

  /** Stops the server, keeping its buckets: an outage. */
  public void stop() {
    kill();
  }

  /** Starts it again on the same port with the same buckets. */
  public void restart() throws IOException {
    launch();
  }

  private synchronized void kill() {
    Process p = process;
    if (p == null) return;
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    process = null;
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("s3proxy.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (client != null) client.close();
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
    deleteDir();
  }

  private void deleteDir() {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
