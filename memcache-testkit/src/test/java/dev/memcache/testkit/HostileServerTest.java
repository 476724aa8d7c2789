package dev.memcache.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.testkit.HostileServer.Script;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The hostile server's socket effects, seen through a plain socket. */
class HostileServerTest {
  private static Socket connect(HostileServer s) throws IOException {
    Socket socket = new Socket("127.0.0.1", s.port());
    socket.setSoTimeout(5_000);
    return socket;
  }

  @Test
  void eachConnectionRunsTheNextQueuedScriptThenTheDefault() throws Exception {
    try (HostileServer s = HostileServer.start()) {
      s.enqueue(Script.script().readLine().reply("first\r\n").cut());
      s.otherwise(Script.script().readLine().reply("other\r\n").cut());
      for (String expected : new String[] {"first\r\n", "other\r\n", "other\r\n"}) {
        try (Socket c = connect(s)) {
          c.getOutputStream().write("get k\r\n".getBytes(US_ASCII));
          assertEquals(expected, new String(c.getInputStream().readAllBytes(), US_ASCII));
        }
      }
      assertEquals(3, s.connections());
      assertEquals("get k\r\n", new String(s.requests().get(0), US_ASCII));
      assertTrue(s.address().endsWith(":" + s.port()));
    }
  }

  @Test
  void neverReadLetsAClientsWritesBlockOnceTheBuffersFill() throws Exception {
    try (HostileServer s = HostileServer.start(4096)) {
      s.otherwise(Script.script().neverRead());
      try (Socket c = connect(s)) {
        CompletableFuture<Void> write =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    c.getOutputStream().write(new byte[64 << 20]);
                  } catch (IOException e) {
                    throw new RuntimeException(e);
                  }
                });
        assertThrows(TimeoutException.class, () -> write.get(500, TimeUnit.MILLISECONDS));
        c.close(); // unblocks the writer
      }
    }
  }

  @Test
  void replySlowlySendsChunksApartAndReadBinaryRequestReadsOnePacket() throws Exception {
    try (HostileServer s = HostileServer.start()) {
      byte[] header = HostileServer.binaryHeader(0x0b, 0, 0, 0, 3, 42, 0);
      s.otherwise(
          Script.script()
              .readBinaryRequest()
              .replyTo(r -> r) // echo the packet
              .replySlowly("abcdef".getBytes(US_ASCII), 2, Duration.ofMillis(50)));
      try (Socket c = connect(s)) {
        byte[] packet = new byte[27];
        System.arraycopy(header, 0, packet, 0, 24);
        packet[24] = 'x';
        c.getOutputStream().write(packet);
        InputStream in = c.getInputStream();
        byte[] echoed = in.readNBytes(27);
        assertArrayEquals(packet, echoed);
        assertEquals(42, HostileServer.opaqueOf(echoed));
        assertEquals(0x0b, HostileServer.opcodeOf(echoed));
        long start = System.nanoTime();
        assertEquals("abcdef", new String(in.readNBytes(6), US_ASCII));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 80, "three chunks 50 ms apart arrived in " + millis + " ms");
      }
    }
  }

  @Test
  void neverReplyReadsEverythingAndAnswersNothing() throws Exception {
    try (HostileServer s = HostileServer.start()) {
      try (Socket c = connect(s)) {
        c.setSoTimeout(300);
        c.getOutputStream().write(new byte[1 << 20]); // read and dropped: the write completes
        assertThrows(java.net.SocketTimeoutException.class, () -> c.getInputStream().read());
      }
    }
  }

  @Test
  void aResetIsSeenAsAConnectionReset() throws Exception {
    try (HostileServer s = HostileServer.start()) {
      s.otherwise(Script.script().readLine().reply("VALUE k 0 10\r\nabc").reset());
      try (Socket c = connect(s)) {
        c.getOutputStream().write("get k\r\n".getBytes(US_ASCII));
        InputStream in = c.getInputStream();
        assertThrows(
            IOException.class,
            () -> {
              byte[] sink = new byte[100];
              while (in.read(sink) >= 0) {
                // read until the reset
              }
            });
      }
    }
  }
}
