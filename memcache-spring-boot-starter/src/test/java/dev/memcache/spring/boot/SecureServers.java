package dev.memcache.spring.boot;

import dev.memcache.testkit.MemcachedServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** memcached with TLS ({@code -Z}, an openssl self-signed certificate) or SASL ({@code -S}). */
final class SecureServers {
  private SecureServers() {}

  /**
   * A P-256 certificate for IP 127.0.0.1 in {@code dir} ({@code cert.pem}, {@code key.pem}), and a
   * memcached serving it over TLS.
   */
  static MemcachedServer tls(Path dir) throws IOException, InterruptedException {
    Path cert = dir.resolve("cert.pem"), key = dir.resolve("key.pem");
    run(
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            key.toString(),
            "-out",
            cert.toString(),
            "-days",
            "2",
            "-subj",
            "/CN=memcached",
            "-addext",
            "subjectAltName=IP:127.0.0.1"),
        null,
        "TLS tests need openssl to make certificates: apt-get install openssl");
    return MemcachedServer.builder()
        .extraArgs("-Z", "-o", "ssl_chain_cert=" + cert + ",ssl_key=" + key)
        .start();
  }

  /** A memcached that authenticates with SASL PLAIN, knowing {@code user} with {@code password}. */
  static MemcachedServer sasl(Path dir, String user, String password)
      throws IOException, InterruptedException {
    Path db = dir.resolve("sasldb2");
    Files.writeString(dir.resolve("memcached.conf"), "mech_list: plain\nsasldb_path: " + db + "\n");
    run(
        List.of("saslpasswd2", "-a", "memcached", "-c", "-p", "-f", db.toString(), user),
        password,
        "SASL tests need saslpasswd2: apt-get install sasl2-bin");
    return MemcachedServer.builder().env("SASL_CONF_PATH", dir.toString()).extraArgs("-S").start();
  }

  private static void run(List<String> command, String input, String missing)
      throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(missing, e);
    }
    try (OutputStream in = p.getOutputStream()) {
      if (input != null) in.write(input.getBytes());
    }
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0)
      throw new IllegalStateException(command.get(0) + " failed: " + out);
  }
}
