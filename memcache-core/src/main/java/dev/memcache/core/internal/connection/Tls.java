package dev.memcache.core.internal.connection;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.ServerAddress;
import java.io.IOException;
import java.net.Socket;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** Wraps a connected socket in TLS and shakes hands before any request is written. */
final class Tls {
  private Tls() {}

  /** The TLS socket over {@code plain}, handshake done; the caller has set the read timeout. */
  static SSLSocket wrap(Socket plain, ServerAddress address, String name, ClientConfig config)
      throws IOException {
    SSLSocket socket =
        (SSLSocket)
            config
                .tls()
                .getSocketFactory()
                .createSocket(plain, address.host(), address.port(), true);
    SSLParameters params = socket.getSSLParameters();
    // "HTTPS" is the JDK's RFC 2818 host name check (DNS and IP subject alternative names).
    if (config.tlsHostnameVerification()) params.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(params);
    try {
      socket.startHandshake();
      return socket;
    } catch (SSLException e) {
      socket.close();
      throw new MemcacheConnectionException(
          name + ": TLS handshake failed: " + explain(e, address), e);
    }
  }

  private static String explain(SSLException e, ServerAddress address) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
        return "the server's certificate is not trusted by the configured SSLContext ("
            + e.getMessage()
            + ")";
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException) {
        return "the server's certificate does not name host '"
            + address.host()
            + "' (hostname verification; "
            + e.getMessage()
            + ")";
      }
    }
    return e.getMessage() + " (is TLS enabled on the server, memcached -Z?)";
  }
}
