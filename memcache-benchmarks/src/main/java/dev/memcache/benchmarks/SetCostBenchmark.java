package dev.memcache.benchmarks;

import dev.memcache.testkit.MemcachedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one 100-byte set costs memcached's thread in each protocol form, with and without its reply:
 * the measurement behind "server CPU per set" in issue 21 and behind the choice not to make awaited
 * sets quiet (memcache-benchmarks/README.md). A few connections each write batches of pipelined
 * sets of random keys, ended by a no-op, and read the batch's replies, which must be exactly the
 * bytes the form promises; memcached's CPU time (user + system) over the sets stored is the cost.
 * Forms: text {@code set} with and without {@code noreply}, meta {@code ms} with and without {@code
 * q}, binary set and setq. Settings: {@code bench.batches} (default 1,8,64), {@code
 * bench.connections} (4), {@code bench.seconds} per form, batch and round (2), {@code bench.rounds}
 * (3; a form's figure is its median round), {@code bench.serverCpu} (0; -1 unpinned). Run it under
 * {@code taskset -c 1}.
 */
public final class SetCostBenchmark {
  private static final int KEYS = 10_000;
  private static final byte[] VALUE = "v".repeat(100).getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TEXT_END = ascii("mn\r\n");
  private static final byte[] TEXT_END_REPLY = ascii("MN\r\n");

  /** A protocol form: how a set and the batch's closing no-op are written, what comes back. */
  enum Form {
    TEXT("text set", false),
    TEXT_NOREPLY("text set noreply", true),
    META("meta ms", false),
    META_QUIET("meta ms q", true),
    BINARY("binary set", false),
    BINARY_QUIET("binary setq", true);

    final String label;
    final boolean quiet;

    Form(String label, boolean quiet) {
      this.label = label;
      this.quiet = quiet;
    }

    void writeSet(ByteArrayOutputStream out, String key, int opaque) {
      switch (this) {
        case TEXT, TEXT_NOREPLY -> {
          out.writeBytes(ascii("set " + key + " 0 0 100" + (quiet ? " noreply" : "") + "\r\n"));
          out.writeBytes(VALUE);
          out.writeBytes(ascii("\r\n"));
        }
        case META, META_QUIET -> {
          out.writeBytes(ascii("ms " + key + " 100 T0 F0" + (quiet ? " q" : "") + "\r\n"));
          out.writeBytes(VALUE);
          out.writeBytes(ascii("\r\n"));
        }
        case BINARY, BINARY_QUIET -> {
          byte[] k = ascii(key);
          ByteBuffer b = ByteBuffer.allocate(24 + 8 + k.length + VALUE.length);
          b.put((byte) 0x80).put((byte) (quiet ? 0x11 : 0x01)).putShort((short) k.length);
          b.put((byte) 8).put((byte) 0).putShort((short) 0);
          b.putInt(8 + k.length + VALUE.length).putInt(opaque).putLong(0);
          b.putInt(0).putInt(0).put(k).put(VALUE);
          out.writeBytes(b.array());
        }
      }
    }

    byte[] end() {
      return binary() ? binaryNoop((byte) 0x80) : TEXT_END;
    }

    /** The exact reply to a batch of {@code n} sets that all succeed, its no-op's last. */
    byte[] expectedReply(int n) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < n && !quiet; i++) {
        switch (this) {
          case TEXT -> out.writeBytes(ascii("STORED\r\n"));
          case META -> out.writeBytes(ascii("HD\r\n"));
          default -> out.writeBytes(binaryReply(0x01, i));
        }
      }
      out.writeBytes(binary() ? binaryNoop((byte) 0x81) : TEXT_END_REPLY);
      return out.toByteArray();
    }

    /** The reply with each binary header's CAS zeroed: a binary set answers with its new CAS. */
    byte[] withoutCas(byte[] reply) {
      if (binary()) {
        for (int frame = 0; frame + 24 <= reply.length; frame += 24)
          Arrays.fill(reply, frame + 16, frame + 24, (byte) 0);
      }
      return reply;
    }

    private boolean binary() {
      return this == BINARY || this == BINARY_QUIET;
    }
  }

  private SetCostBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> batches =
        Arrays.stream(System.getProperty("bench.batches", "1,8,64").split(","))
            .map(String::strip)
            .map(Integer::valueOf)
            .toList();
    int connections = Integer.getInteger("bench.connections", 4);
    long millis = (long) (Double.parseDouble(System.getProperty("bench.seconds", "2")) * 1000);
    int rounds = Integer.getInteger("bench.rounds", 3);
    int serverCpu = Integer.getInteger("bench.serverCpu", 0);
    try (MemcachedServer server = MemcachedServer.builder().threads(1).memoryMb(256).start()) {
      System.out.println(Machine.pin(server.pid(), serverCpu));
      System.out.printf(
          Locale.ROOT,
          "Set cost: 100-byte sets of %,d keys, %d connections, %d rounds of %d ms; memcached"
              + " CPU per set, median round%n",
          KEYS,
          connections,
          rounds,
          millis);
      for (int batch : batches) {
        System.out.printf(
            Locale.ROOT,
            "%n%d sets per batch%n%-18s %12s %14s %8s%n",
            batch,
            "form",
            "sets/s",
            "srv us/set",
            "vs text");
        double[][] perSet = new double[Form.values().length][rounds];
        double[][] rate = new double[Form.values().length][rounds];
        for (int round = 0; round < rounds; round++) {
          for (int i = 0; i < Form.values().length; i++) {
            // Rotate the order from round to round, so a drifting machine spreads over all forms
            int f = (i + round) % Form.values().length;
            double[] r = run(server, Form.values()[f], batch, connections, millis);
            perSet[f][round] = r[0];
            rate[f][round] = r[1];
          }
        }
        double text = median(perSet[0]);
        for (Form form : Form.values()) {
          double us = median(perSet[form.ordinal()]);
          System.out.printf(
              Locale.ROOT,
              "%-18s %,12.0f %14.3f %7.2fx%n",
              form.label,
              median(rate[form.ordinal()]),
              us,
              us / text);
        }
      }
    }
  }

  /** One form at one batch size: {@code {server us per set, sets per second}}. */
  private static double[] run(
      MemcachedServer server, Form form, int batch, int connections, long millis) throws Exception {
    byte[][] payloads = new byte[64][];
    SplittableRandom random = new SplittableRandom(batch * 31L + form.ordinal());
    for (int p = 0; p < payloads.length; p++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < batch; i++) form.writeSet(out, "setcost:" + random.nextInt(KEYS), i);
      out.writeBytes(form.end());
      payloads[p] = out.toByteArray();
    }
    byte[] expected = form.expectedReply(batch);
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong sets = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Socket socket = new Socket(server.host(), server.port());
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(5_000);
      int first = c;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (socket) {
                      OutputStream out = socket.getOutputStream();
                      InputStream in = socket.getInputStream();
                      for (int n = first; !stop.get(); n++) {
                        out.write(payloads[n % payloads.length]);
                        byte[] reply = form.withoutCas(in.readNBytes(expected.length));
                        if (!Arrays.equals(reply, expected))
                          throw new IOException(
                              form.label
                                  + ": unexpected reply "
                                  + new String(reply, StandardCharsets.ISO_8859_1));
                        if (measuring.get()) sets.addAndGet(batch);
                      }
                    } catch (Throwable t) {
                      synchronized (failures) {
                        failures.add(t);
                      }
                    }
                  }));
    }
    Thread.sleep(millis / 4); // warm-up
    long cpu0 = Machine.cpuNanos(List.of(server.pid()));
    long t0 = System.nanoTime();
    measuring.set(true);
    Thread.sleep(millis);
    measuring.set(false);
    long cpu1 = Machine.cpuNanos(List.of(server.pid()));
    long t1 = System.nanoTime();
    stop.set(true);
    for (Thread t : threads) t.join();
    if (!failures.isEmpty()) throw new IllegalStateException(failures.get(0));
    long n = sets.get();
    return new double[] {(cpu1 - cpu0) / 1000.0 / n, n * 1e9 / (t1 - t0)};
  }

  private static double median(double[] xs) {
    double[] sorted = xs.clone();
    Arrays.sort(sorted);
    return sorted[(sorted.length - 1) / 2];
  }

  private static byte[] binaryNoop(byte magic) {
    return ByteBuffer.allocate(24).put(magic).put((byte) 0x0a).array();
  }

  private static byte[] binaryReply(int opcode, int opaque) {
    return ByteBuffer.allocate(24)
        .put((byte) 0x81)
        .put((byte) opcode)
        .putShort((short) 0)
        .putInt(0)
        .putInt(0)
        .putInt(opaque)
        .putLong(0)
        .array();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
