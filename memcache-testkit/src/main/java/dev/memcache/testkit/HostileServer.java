package dev.memcache.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A scriptable hostile memcached on a free 127.0.0.1 port, for the faults a real server cannot
 * produce: wrong length headers, a server that never reads, never replies, sends slowly, cuts a
 * reply in the middle of a value or sends bytes nobody asked for. It speaks bytes only, so it
 * serves text, meta and binary clients alike (see {@link #binaryHeader} for binary packets).
 *
 * <p>Each accepted connection runs one {@link Script}: the next one {@link #enqueue enqueued}, or
 * the {@link #otherwise default} when none is left (by default a script that reads and discards
 * forever). A script is a list of steps run in order; a step such as {@link Script#readLine()}
 * reads one request before the next step replies, so a test can say "on the first request, answer
 * X". A script may end by {@link Script#relayTo relaying} to a real memcached, so that the
 * connections after a fault are served for real:
 *
 * <pre>{@code
 * try (HostileServer hostile = HostileServer.start()) {
 *   hostile.enqueue(Script.script().readLine().reply("VALUE k 0 400000000\r\n").neverReply());
 *   hostile.otherwise(Script.script().relayTo(memcached.port()));
 *   // first get: a protocol error; the next get: a fresh connection, relayed
 * }
 * }</pre>
 *
 * <p>{@link Script#neverRead()} accepts and never reads the socket: with a small {@linkplain
 * #start(int) receive buffer} a client's writes soon block. Everything runs on daemon threads that
 * {@link #close()} stops; sockets are bound to the loopback address only.
 */
public final class HostileServer implements AutoCloseable {
  private final ServerSocket listener;
  private final Thread acceptor;
  private final Queue<Script> scripts = new ConcurrentLinkedQueue<>();
  final List<Socket> sockets = new CopyOnWriteArrayList<>();
  final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  final CountDownLatch closed = new CountDownLatch(1);
  final List<byte[]> requests = new CopyOnWriteArrayList<>();
  private volatile Script otherwise = Script.script().neverReply();

  private HostileServer(ServerSocket listener) {
    this.listener = listener;
    this.acceptor = Thread.ofPlatform().daemon().name("hostile-accept").start(this::acceptLoop);
  }

  /**
   * Starts a server on a free loopback port with the system's default receive buffer.
   *
   * @return the running server
   * @throws IOException when no port can be bound
   */
  public static HostileServer start() throws IOException {
    return start(0);
  }

  /**
   * Starts a server on a free loopback port whose accepted sockets have a receive buffer of {@code
   * receiveBufferBytes} (0: the system's default), so that {@link Script#neverRead()} blocks a
   * client's writes after little data.
   *
   * @param receiveBufferBytes the receive buffer of accepted sockets, or 0 for the default
   * @return the running server
   * @throws IOException when no port can be bound
   */
  public static HostileServer start(int receiveBufferBytes) throws IOException {
    ServerSocket s = new ServerSocket();
    if (receiveBufferBytes > 0) s.setReceiveBufferSize(receiveBufferBytes);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return new HostileServer(s);
  }

  /**
   * The port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * The address in the client's {@code host:port} form.
   *
   * @return {@code 127.0.0.1:port}
   */
  public String address() {
    return listener.getInetAddress().getHostAddress() + ":" + port();
  }

  /**
   * How many connections were accepted so far.
   *
   * @return the count of accepted connections
   */
  public int connections() {
    return connections.get();
  }

  /**
   * The requests the read steps ({@link Script#readLine()}, {@link Script#readBinaryRequest()})
   * read so far, in order, over every connection.
   *
   * @return a snapshot of the requests read
   */
  public List<byte[]> requests() {
    return List.copyOf(requests);
  }

  /**
   * Queues {@code script} for the next connection without one.
   *
   * @param script what to do on that connection
   * @return this server
   */
  public HostileServer enqueue(Script script) {
    scripts.add(script);
    return this;
  }

  /**
   * Sets the script of connections accepted when none is queued (at first: read and discard).
   *
   * @param script what to do on those connections
   * @return this server
   */
  public HostileServer otherwise(Script script) {
    this.otherwise = script;
    return this;
  }

  /** Stops accepting, closes every connection and waits (briefly) for the threads to end. */
  @Override
  public void close() {
    closed.countDown();
    HostileSteps.closeQuietly(listener);
    for (Socket s : sockets) HostileSteps.closeQuietly(s);
    try {
      acceptor.join(2_000);
      for (Thread t : threads) t.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.incrementAndGet();
      sockets.add(s);
      Script script = scripts.poll();
      Script run = script != null ? script : otherwise;
      threads.add(
          Thread.ofPlatform()
              .daemon()
              .name("hostile-connection-" + connections.get())
              .start(() -> HostileSteps.serve(this, s, run.steps)));
    }
  }

  /**
   * A binary protocol response header (24 bytes, magic {@code 0x81}), for scripting binary replies;
   * the body is appended by the caller.
   *
   * @param opcode the opcode answered
   * @param status the status ({@code 0}: success)
   * @param extrasLength bytes of extras in the body
   * @param keyLength bytes of key in the body
   * @param bodyLength the total body length declared (extras, key and value), unsigned 32-bit
   * @param opaque the opaque to echo (see {@link #opaqueOf})
   * @param cas the CAS id
   * @return the header bytes
   */
  public static byte[] binaryHeader(
      int opcode,
      int status,
      int extrasLength,
      int keyLength,
      long bodyLength,
      int opaque,
      long cas) {
    return HostileSteps.binaryHeader(
        opcode, status, extrasLength, keyLength, bodyLength, opaque, cas);
  }

  /**
   * The opaque of a binary request read by {@link Script#readBinaryRequest()}.
   *
   * @param request the request's bytes, header first
   * @return its opaque
   */
  public static int opaqueOf(byte[] request) {
    return ByteBuffer.wrap(request, 12, 4).getInt();
  }

  /**
   * The opcode of a binary request read by {@link Script#readBinaryRequest()}.
   *
   * @param request the request's bytes, header first
   * @return its opcode
   */
  public static int opcodeOf(byte[] request) {
    return request[1] & 0xff;
  }

  /** What to do on one connection: steps run in order. Build with {@link #script()}. */
  public static final class Script {
    final List<HostileSteps.Step> steps = new ArrayList<>();

    private Script() {}

    /**
     * An empty script: on its own it holds the connection, reading and dropping every byte.
     *
     * @return a new script
     */
    public static Script script() {
      return new Script();
    }

    private Script then(HostileSteps.Step step) {
      steps.add(step);
      return this;
    }

    /**
     * Reads one text or meta request line, up to and including its CRLF (a storage command's data
     * block is a second line: read it with another {@code readLine()}).
     *
     * @return this script
     */
    public Script readLine() {
      return then(HostileSteps.readLine());
    }

    /**
     * Reads one binary request packet: its 24-byte header and the body it declares.
     *
     * @return this script
     */
    public Script readBinaryRequest() {
      return then(HostileSteps.readBinaryRequest());
    }

    /**
     * Writes {@code bytes} at once: a reply, or unsolicited bytes when no request was read first.
     *
     * @param bytes what to send
     * @return this script
     */
    public Script reply(byte[] bytes) {
      byte[] copy = bytes.clone();
      return then(HostileSteps.replyTo(last -> copy));
    }

    /**
     * Writes {@code ascii} (text or meta lines, CRLFs included) at once.
     *
     * @param ascii what to send, ASCII
     * @return this script
     */
    public Script reply(String ascii) {
      return reply(ascii.getBytes(US_ASCII));
    }

    /**
     * Writes the bytes {@code reply} computes from the last request read (to echo a binary opaque,
     * say).
     *
     * @param reply maps the last request's bytes to the reply's
     * @return this script
     */
    public Script replyTo(UnaryOperator<byte[]> reply) {
      return then(HostileSteps.replyTo(reply));
    }

    /**
     * Writes {@code bytes} {@code chunk} bytes at a time, pausing {@code interval} between chunks.
     *
     * @param bytes what to send
     * @param chunk bytes per write, at least 1
     * @param interval the pause after each chunk
     * @return this script
     */
    public Script replySlowly(byte[] bytes, int chunk, Duration interval) {
      byte[] copy = bytes.clone();
      return replySlowlyTo(last -> copy, chunk, interval);
    }

    /**
     * Writes the bytes {@code reply} computes from the last request read, {@code chunk} bytes at a
     * time, pausing {@code interval} between chunks.
     *
     * @param reply maps the last request's bytes to the reply's
     * @param chunk bytes per write, at least 1
     * @param interval the pause after each chunk
     * @return this script
     */
    public Script replySlowlyTo(UnaryOperator<byte[]> reply, int chunk, Duration interval) {
      return then(HostileSteps.replySlowlyTo(reply, chunk, interval));
    }

    /**
     * Waits {@code time} before the next step (cut short when the server closes).
     *
     * @param time how long to wait
     * @return this script
     */
    public Script pause(Duration time) {
      return then(HostileSteps.pause(time));
    }

    /**
     * Never reads the socket again, and holds it open until the server closes: once the socket
     * buffers fill, the client's writes block. Ends the script.
     *
     * @return this script
     */
    public Script neverRead() {
      return then(HostileSteps.neverRead());
    }

    /**
     * Reads and drops every byte, and never answers, until the client or the server closes. Ends
     * the script.
     *
     * @return this script
     */
    public Script neverReply() {
      return then(HostileSteps.neverReply());
    }

    /**
     * Closes the connection (a FIN): sent after a partial {@link #reply}, it cuts a value in the
     * middle. Ends the script.
     *
     * @return this script
     */
    public Script cut() {
      return then(HostileSteps.close(false));
    }

    /**
     * Resets the connection (an RST, linger 0). Ends the script.
     *
     * @return this script
     */
    public Script reset() {
      return then(HostileSteps.close(true));
    }

    /**
     * From here on relays the connection both ways to a real server on the loopback {@code port}
     * (requests not yet read included), until either side closes. Ends the script.
     *
     * @param port the real memcached's port on 127.0.0.1
     * @return this script
     */
    public Script relayTo(int port) {
      return then(HostileSteps.relayTo(port));
    }
  }
}
