package dev.memcache.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MemcachedServerIT {

  private static String roundTrip(MemcachedServer server, String command) throws Exception {
    try (Socket s = new Socket(server.host(), server.port())) {
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write(command.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(
              new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  @Test
  void startsARealServerThatAnswersAndStopsIt() throws Exception {
    try (MemcachedServer server = MemcachedServer.startDefault()) {
      assertTrue(roundTrip(server, "version\r\n").startsWith("VERSION 1."));
      long pid = server.pid();
      server.stop();
      assertFalse(server.isRunning());
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
  }

  @Test
  void restartKeepsThePortAndEmptiesTheCache() throws Exception {
    try (MemcachedServer server = MemcachedServer.startDefault()) {
      int port = server.port();
      assertEquals("STORED", roundTrip(server, "set k 0 0 1\r\nv\r\n"));
      server.kill();
      server.start();
      assertEquals(port, server.port());
      assertEquals("END", roundTrip(server, "get k\r\n"));
    }
  }

  @Test
  void pausedServerAcceptsButDoesNotAnswerUntilResumed() throws Exception {
    try (MemcachedServer server = MemcachedServer.startDefault()) {
      server.pause();
      assertThrows(SocketTimeoutException.class, () -> roundTrip(server, "version\r\n"));
      server.resume();
      assertTrue(roundTrip(server, "version\r\n").startsWith("VERSION"));
    }
  }

  @Test
  void passesOptionsToTheProcess() throws Exception {
    try (MemcachedServer server =
        MemcachedServer.builder().maxItemSize("2m").memoryMb(32).start()) {
      String line;
      try (Socket s = new Socket(server.host(), server.port())) {
        s.getOutputStream().write("stats settings\r\n".getBytes(StandardCharsets.US_ASCII));
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        String found = null;
        while ((line = in.readLine()) != null && !line.equals("END")) {
          if (line.startsWith("STAT item_size_max ")) found = line;
        }
        assertEquals("STAT item_size_max 2097152", found);
      }
    }
  }
}
