package dev.memcache.java.protocols;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates made with openssl for memcached {@code -Z}, and an SSLContext trusting
 * one.
 */
final class TestCertificates {
  final Path cert;
  final Path key;

  private TestCertificates(Path cert, Path key) {
    this.cert = cert;
    this.key = key;
  }

  /**
   * A P-256 certificate whose subject alternative names are {@code subjectAltName} (e.g.
   * "IP:127.0.0.1").
   */
  static TestCertificates generate(Path dir, String name, String subjectAltName)
      throws IOException, InterruptedException {
    Path cert = dir.resolve(name + "-cert.pem"), key = dir.resolve(name + "-key.pem");
    ProcessBuilder pb =
        new ProcessBuilder(
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
                "/CN=" + name,
                "-addext",
                "subjectAltName=" + subjectAltName)
            .redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "TLS tests need openssl to make certificates: apt-get install openssl", e);
    }
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0)
      throw new IllegalStateException("openssl failed: " + out);
    return new TestCertificates(cert, key);
  }

  /** memcached options serving this certificate over TLS. */
  String[] memcachedArgs() {
    return new String[] {"-Z", "-o", "ssl_chain_cert=" + cert + ",ssl_key=" + key};
  }

  /** A client context that trusts exactly this certificate. */
  SSLContext trustingContext() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry(
          "memcached", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
