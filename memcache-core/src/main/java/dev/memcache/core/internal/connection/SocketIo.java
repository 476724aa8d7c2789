package dev.memcache.core.internal.connection;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * A connected socket as the reader and the writer use it: blocking streams, and for a plain socket
 * a scattering read. A plain socket (opened from a {@link SocketChannel}) is read and written
 * through its channel in non-blocking mode, each side waiting on its own selector when the socket
 * has nothing to read or no room to write: a scattering read lets the reader take a big value's
 * rest and the next reply's header in one call ({@link ConnectionReader}), and a non-blocking write
 * cannot be cut by an interrupt: a blocking channel closes itself when a thread in one of its calls
 * is interrupted (a caller writing its batch), which would fail every request in flight. A TLS
 * socket keeps its own streams. Where the platform allows ({@link NativeSocket}: Linux, JDK 22 or
 * later, native access), the scattering read has the kernel copy straight into its arrays, so a big
 * value's bytes are copied once, not through the JDK's temporary direct buffer, and the writes have
 * the kernel copy straight from the writer's buffer: from the socket's connection on, or, for those
 * a JVM connects before it has linked those calls, from when it has ({@link #attach}).
 *
 * <p>Threads: the stream's reader (the reader thread, or a carrier reader while it holds the
 * reading) and the writer (whoever holds the write lock) each use their own half; {@link #close}
 * may come from any thread and wakes both; {@link #attach} from the linking thread.
 */
final class SocketIo implements Closeable {
  final InputStream in;
  final OutputStream out;
  private final Socket socket;

  /** The plain socket's channel, non-blocking; null over TLS. */
  private final SocketChannel channel;

  private final Selector readable, writable;

  /**
   * Reads big values straight into their arrays, and writes straight from the writer's, where the
   * platform allows, from when it is linked ({@link #attach}); else null. The reader and the writer
   * each read it once a call: each is one thread at a time, so its bytes keep their order across
   * the switch from the channel (which holds back nothing it read or was given to write).
   */
  private volatile NativeSocket direct;

  /** Set by {@link #close}; {@link #attach} and {@code close} each under {@code attaching}. */
  private boolean closed;

  private final Object attaching = new Object();

  /** What a wait does with its ready key: nothing, the channel's next call is what counts. */
  private static final Consumer<SelectionKey> READY = key -> {};

  private SocketIo(Socket socket) throws IOException {
    this.socket = socket;
    this.channel = socket.getChannel();
    if (channel == null) {
      in = socket.getInputStream();
      out = socket.getOutputStream();
      readable = writable = null;
      return;
    }
    // The socket's own stream only answers available(), which a non-blocking channel allows; its
    // reads would throw.
    InputStream peek = socket.getInputStream();
    channel.configureBlocking(false);
    readable = Selector.open();
    try {
      writable = Selector.open();
    } catch (IOException e) {
      readable.close();
      throw e;
    }
    in = new ChannelIn(peek);
    out = new ChannelOut();
  }

  /** The reader's and writer's view of a connected (and handshaken) socket. */
  static SocketIo of(Socket socket) throws IOException {
    SocketIo io = null;
    try {
      io = new SocketIo(socket);
      if (io.channel != null) {
        io.channel.register(io.readable, SelectionKey.OP_READ);
        io.channel.register(io.writable, SelectionKey.OP_WRITE);
        NativeSocket.whenLinked(io::attach); // now, or once linked: the channel until then
      }
      return io;
    } catch (IOException | RuntimeException e) {
      if (io != null) io.close();
      else socket.close();
      throw e;
    }
  }

  /**
   * Reads and writes through the native calls from the next call on, unless closed. Where they were
   * linked when the socket connected, at once; else on the linking thread.
   */
  void attach() {
    synchronized (attaching) {
      if (!closed) direct = NativeSocket.open(channel); // the channel's until closed: still ours
    }
  }

  /** Whether {@link #read(ByteBuffer[])} can scatter (a plain socket, not TLS). */
  boolean scatters() {
    return channel != null;
  }

  /**
   * Reads into {@code dsts} in order, in one call when the bytes are there; blocks until at least
   * one byte arrives. Returns -1 at the end of the stream. Only where {@link #scatters}.
   */
  long read(ByteBuffer[] dsts) throws IOException {
    while (true) {
      long n = readNow(dsts);
      if (n != 0) return n;
      await(readable);
    }
  }

  /**
   * Reads into {@code dsts} in order what has arrived, without waiting: 0 when nothing has, -1 at
   * the end of the stream. Only where {@link #scatters}.
   */
  long readArrived(ByteBuffer[] dsts) throws IOException {
    return readNow(dsts);
  }

  /**
   * Bytes the kernel copied straight into the arrays of {@link #read(ByteBuffer[])} ({@link
   * NativeSocket}; racy, for tests), or -1 where the channel reads.
   */
  long bytesReadIntoArrays() {
    NativeSocket d = direct;
    return d == null ? -1 : d.received();
  }

  /**
   * Bytes the kernel copied straight from the writer's arrays ({@link NativeSocket}; racy, for
   * tests), or -1 where the channel writes.
   */
  long bytesWrittenFromArrays() {
    NativeSocket d = direct;
    return d == null ? -1 : d.written();
  }

  private long readNow(ByteBuffer[] dsts) throws IOException {
    NativeSocket d = direct;
    if (d != null) {
      long n = d.read(dsts);
      if (n >= 0) return n;
    }
    long n = channel.read(dsts);
    if (n < 0) throwTakenError();
    return n;
  }

  /**
   * At the end of the stream: throws the error {@code recv} took from the socket if it did (a
   * reset, which the socket reports once, so the channel found only the end; {@link
   * NativeSocket#failure}).
   */
  private void throwTakenError() throws SocketException {
    NativeSocket d = direct;
    SocketException e = d == null ? null : d.failure();
    if (e != null) throw e;
  }

  /** Closes the socket and wakes a reader or writer waiting on it. Idempotent. */
  @Override
  public void close() throws IOException {
    NativeSocket d;
    synchronized (attaching) {
      closed = true; // no attach after this
      d = direct;
    }
    if (d != null) d.stop(); // the channel's close gives the verdict from here on
    try {
      socket.close();
    } finally {
      if (d != null) d.close(); // the socket's last descriptor: shuts it down
      if (channel != null) {
        readable.close(); // wakes a waiting side, and lets the channel release its socket
        writable.close();
      }
    }
  }

  /**
   * Waits until {@code selector}'s side of the channel is ready (or the connection closes). An
   * interrupt does not end the wait: a half-written batch cannot be abandoned, and the readers are
   * the connection's own threads; the interrupt status is kept for the caller.
   */
  private void await(Selector selector) throws IOException {
    boolean interrupted = false;
    try {
      // Ready, woken or closed: the channel's next call tells which. An interrupt during the wait
      // ends the select at once: wait again, with the status cleared. A select with an action
      // leaves the selected-key set alone: select() would add the key to it (a HashMap node) at
      // every wakeup.
      do {
        interrupted |= Thread.interrupted(); // a selector returns at once while it is set
        selector.select(READY);
      } while (Thread.currentThread().isInterrupted());
    } catch (ClosedSelectorException e) {
      throw new AsynchronousCloseException();
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  private final class ChannelIn extends InputStream {
    private final InputStream peek;
    private final Wrapper wrapper = new Wrapper();

    ChannelIn(InputStream peek) {
      this.peek = peek;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      ByteBuffer dst = wrapper.wrap(b, off, len);
      while (true) {
        int n = channel.read(dst);
        if (n < 0) throwTakenError();
        if (n != 0) return n;
        await(readable);
      }
    }

    @Override
    public int available() throws IOException {
      return peek.available();
    }
  }

  private final class ChannelOut extends OutputStream {
    private final Wrapper wrapper = new Wrapper();

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int end = off + len;
      NativeSocket d = direct;
      if (d != null) {
        while (off < end) {
          int n = d.write(b, off, end - off);
          if (n > 0) off += n;
          else if (n == 0) await(writable);
          else break; // closed: the channel's write throws its error
        }
        if (off == end) return;
      }
      ByteBuffer src = wrapper.wrap(b, off, end - off);
      while (src.hasRemaining()) {
        if (channel.write(src) == 0) await(writable);
      }
    }
  }

  /**
   * A buffer over a stream call's array: the same array in a row (the read buffer, the write
   * buffer) reuses its wrapper, so a call allocates nothing.
   */
  private static final class Wrapper {
    private byte[] wrapped;
    private ByteBuffer buffer;

    ByteBuffer wrap(byte[] b, int off, int len) {
      if (b != wrapped) {
        wrapped = b;
        buffer = ByteBuffer.wrap(b);
      }
      return buffer.limit(off + len).position(off);
    }
  }
}
