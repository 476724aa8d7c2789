package dev.memcache.java;

import dev.memcache.testkit.MemcachedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw text-protocol exchange with a server, to check what is stored without our client. */
final class RawText {
  private RawText() {}

  /** Sends {@code command} and returns the first reply line. */
  static String roundTrip(MemcachedServer server, String command) {
    try (Socket s = new Socket(server.host(), server.port())) {
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write(command.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') line.write(b);
      return line.toString(StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new AssertionError("raw exchange with " + server + " failed: " + e, e);
    }
  }
}
