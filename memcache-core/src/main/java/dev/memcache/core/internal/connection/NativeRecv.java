package dev.memcache.core.internal.connection;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a plain socket straight into a Java array: {@code recv(2)} called through the JDK's foreign
 * function API as a critical function with heap access, so the kernel copies the bytes into the
 * array itself. A channel's read into a heap buffer goes through a temporary direct buffer, which
 * the JDK then copies into the array: two copies of every byte of a big value where this makes one
 * ({@link ConnectionReader} fills big values through {@link SocketIo#read}).
 *
 * <p>Only on Linux, on JDK 22 or later, where this module has native access ({@code
 * --enable-native-access=ALL-UNNAMED}, or {@code =dev.memcache.core} on the module path: without it
 * nothing restricted is called, so the JDK prints no warning), and unless {@code
 * -Ddev.memcache.nativeReads=false}; elsewhere {@link #open} returns null and the channel reads as
 * before. The library compiles for Java 21, where the foreign function API is a preview, so its
 * types appear only in this class's setup, through reflection: the handles it makes take Java
 * arrays and primitives only.
 *
 * <p>The JDK does not tell a channel's descriptor. {@link #open} finds the one among the process's
 * open descriptors whose local and peer addresses are the channel's, and duplicates it
 * (close-on-exec): the duplicate is this object's until {@link #close}, whatever the channel does,
 * so a read can never reach a descriptor number reused by another file. {@link #close} shuts the
 * socket down, which the channel's own close no longer does while a duplicate keeps it open.
 *
 * <p>A critical function holds off the JVM's safepoints while it runs: {@code recv} never waits
 * ({@code MSG_DONTWAIT}) and copies at most 256 KB a call, tens of microseconds. A read that finds
 * nothing returns 0 and the caller waits on the channel's selector as before; an end of stream, an
 * error or a close returns -1 and leaves the verdict to the channel's own read (-1, or the
 * exception it always threw once closed), but for an error {@code recv} took from the socket, which
 * the socket reports once: {@link SocketIo} throws it ({@link #failure}) wherever a read finds the
 * end.
 *
 * <p>Threads: one reader at a time (the reading state's owner, see {@link SocketIo}); {@link
 * #close} from any thread, under the same lock as a read, so it never closes the descriptor while a
 * read uses it.
 */
final class NativeRecv {
  /**
   * Linux's {@code MSG_DONTWAIT}, {@code EAGAIN}, {@code F_DUPFD_CLOEXEC} and {@code SHUT_RDWR}.
   */
  private static final int MSG_DONTWAIT = 0x40, EAGAIN = 11, F_DUPFD_CLOEXEC = 1030, SHUT_RDWR = 2;

  /** Linux's {@code EINTR}, {@code ECONNRESET} and {@code ETIMEDOUT}. */
  private static final int EINTR = 4, ECONNRESET = 104, ETIMEDOUT = 110;

  private static final int AF_INET = 2, AF_INET6 = 10, SOCKADDR_BYTES = 128;

  /**
   * Most bytes one call copies: a critical call holds off the JVM's safepoints (a collection, a
   * deoptimization) until it returns, and a socket's receive buffer can hold megabytes.
   */
  private static final int MAX_CALL_BYTES = 256 * 1024;

  /** Most descriptors {@link #open} looks at before it gives up (and the channel reads). */
  private static final int MAX_SCANNED = 65_536;

  /** {@code (int[] errno, int fd, byte[] a, long off, long len, int flags) -> long}, or null. */
  private static final MethodHandle RECV;

  /**
   * {@code getsockname} and {@code getpeername}: {@code (int fd, byte[] addr, int[] len) -> int}.
   */
  private static final MethodHandle SOCKNAME, PEERNAME;

  /** {@code fcntl(fd, cmd, arg)}, {@code shutdown(fd, how)}, {@code close(fd)}. */
  private static final MethodHandle FCNTL, SHUTDOWN, CLOSE;

  static {
    MethodHandle[] handles = new MethodHandle[6]; // none: the channel reads
    try {
      if (!"false".equals(System.getProperty("dev.memcache.nativeReads"))
          && System.getProperty("os.name", "").equals("Linux")) {
        handles = link();
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // a JDK without the API, or a symbol missing: none
    }
    RECV = handles[0];
    SOCKNAME = handles[1];
    PEERNAME = handles[2];
    FCNTL = handles[3];
    SHUTDOWN = handles[4];
    CLOSE = handles[5];
  }

  private final int fd;
  private final int[] errno = new int[1];
  private final Object lock = new Object();
  private boolean closed;

  /** Bytes read into arrays so far (by the reader; racy for tests). */
  private long received;

  /**
   * The {@code errno} of an error {@code recv} reported (a reset), or 0. A socket reports its error
   * once, so it is kept: every read after it ends there ({@link #failure}).
   */
  private int error;

  private NativeRecv(int fd) {
    this.fd = fd;
  }

  /** Whether reads can go straight into arrays on this JVM (the conditions above). */
  static boolean available() {
    return RECV != null;
  }

  /**
   * A reader of {@code channel}'s socket (connected, not yet shared), or null where not {@link
   * #available}, or where its descriptor is not found (no {@code /proc}, too many open files).
   */
  static NativeRecv open(SocketChannel channel) {
    if (RECV == null) return null;
    try {
      return find(channel);
    } catch (IOException | RuntimeException e) {
      return null; // no /proc, or the channel closed: the channel reads
    }
  }

  private static NativeRecv find(SocketChannel channel) throws IOException {
    InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
    InetSocketAddress peer = (InetSocketAddress) channel.getRemoteAddress();
    if (local == null || peer == null) return null;
    byte[] addr = new byte[SOCKADDR_BYTES];
    int[] len = new int[1];
    int scanned = 0;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path p : fds) {
        if (++scanned > MAX_SCANNED) return null;
        int candidate;
        try {
          candidate = Integer.parseInt(p.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        if (!isSocketOf(candidate, local, peer, addr, len)) continue;
        // The channel is open and ours, so the number is still its socket; checked again on the
        // duplicate all the same.
        int mine = call(FCNTL, candidate, F_DUPFD_CLOEXEC, 0);
        if (mine < 0) return null;
        if (isSocketOf(mine, local, peer, addr, len)) return new NativeRecv(mine);
        call(CLOSE, mine);
        return null;
      }
    }
    return null;
  }

  /**
   * Reads what has arrived into {@code dsts} in order, without waiting, each only once the one
   * before it is full. Returns the bytes read, 0 when none had arrived, or -1 at the end of the
   * stream, at an error ({@link #failure}) or once closed: the channel's own read then tells which.
   */
  long read(ByteBuffer[] dsts) {
    long total = 0;
    boolean ended = false;
    synchronized (lock) {
      if (closed || error != 0) return -1;
      reading:
      for (ByteBuffer dst : dsts) {
        while (dst.hasRemaining()) {
          int pos = dst.position(), ask = Math.min(dst.remaining(), MAX_CALL_BYTES);
          long n = recv(dst.array(), dst.arrayOffset() + pos, ask);
          if (n < 0 && errno[0] != EAGAIN && errno[0] != EINTR) error = errno[0];
          if (n <= 0) {
            ended = n == 0 || error != 0;
            break reading;
          }
          dst.position(pos + (int) n);
          total += n;
          if (n < ask) break reading; // all that had arrived
        }
      }
      received += total;
    }
    return total > 0 ? total : ended ? -1 : 0;
  }

  /** Bytes the kernel copied straight into arrays (racy, for tests). */
  long received() {
    return received;
  }

  /**
   * The error a {@code recv} reported, or null. {@code recv} takes a socket's error as it reports
   * it, so the channel's reads after it find only the end of the stream.
   */
  SocketException failure() {
    int e;
    synchronized (lock) {
      e = error;
    }
    return switch (e) {
      case 0 -> null;
      case ECONNRESET -> new SocketException("Connection reset");
      case ETIMEDOUT -> new SocketException("Connection timed out");
      default -> new SocketException("recv failed: errno " + e);
    };
  }

  private long recv(byte[] a, int off, int len) {
    errno[0] = 0;
    try {
      return (long) RECV.invokeExact(errno, fd, a, (long) off, (long) len, MSG_DONTWAIT);
    } catch (Throwable e) {
      throw new IllegalStateException("recv failed", e);
    }
  }

  /** Shuts the socket down and closes the duplicate. Idempotent. */
  void close() {
    synchronized (lock) {
      if (closed) return;
      closed = true;
      call(SHUTDOWN, fd, SHUT_RDWR);
      call(CLOSE, fd);
    }
  }

  private static boolean isSocketOf(
      int fd, InetSocketAddress local, InetSocketAddress peer, byte[] addr, int[] len) {
    return named(PEERNAME, fd, peer, addr, len) && named(SOCKNAME, fd, local, addr, len);
  }

  /** Whether {@code getsockname} / {@code getpeername} of {@code fd} gives {@code want}. */
  private static boolean named(
      MethodHandle name, int fd, InetSocketAddress want, byte[] addr, int[] len) {
    len[0] = addr.length;
    int r;
    try {
      r = (int) name.invokeExact(fd, addr, len);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
    if (r != 0 || len[0] < 8) return false;
    ByteBuffer sa = ByteBuffer.wrap(addr).order(ByteOrder.nativeOrder());
    int family = sa.getShort(0);
    int port = sa.order(ByteOrder.BIG_ENDIAN).getShort(2) & 0xffff;
    if (port != want.getPort()) return false;
    byte[] ip = want.getAddress().getAddress(), got;
    if (family == AF_INET && len[0] >= 8) {
      got = Arrays.copyOfRange(addr, 4, 8);
    } else if (family == AF_INET6 && len[0] >= 24) {
      got = Arrays.copyOfRange(addr, 8, 24);
      if (ip.length == 4) ip = mapped(ip); // an IPv4 peer of a dual-stack socket
    } else {
      return false;
    }
    return Arrays.equals(ip, got);
  }

  private static byte[] mapped(byte[] v4) {
    byte[] v6 = new byte[16];
    v6[10] = v6[11] = (byte) 0xff;
    System.arraycopy(v4, 0, v6, 12, 4);
    return v6;
  }

  private static int call(MethodHandle h, int... args) {
    try {
      return switch (args.length) {
        case 1 -> (int) h.invokeExact(args[0]);
        case 2 -> (int) h.invokeExact(args[0], args[1]);
        default -> (int) h.invokeExact(args[0], args[1], args[2]);
      };
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The handles, through reflection on {@code java.lang.foreign}: recv, getsockname, getpeername,
   * fcntl, shutdown, close; none (nulls) without native access. Throws where the API or a symbol is
   * missing.
   */
  private static MethodHandle[] link() throws ReflectiveOperationException {
    Module self = NativeRecv.class.getModule();
    Method enabled = Module.class.getMethod("isNativeAccessEnabled"); // JDK 22
    if (!(boolean) enabled.invoke(self)) return new MethodHandle[6]; // none, and no warning
    Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
    Class<?> option = Class.forName("java.lang.foreign.Linker$Option");
    Class<?> descriptor = Class.forName("java.lang.foreign.FunctionDescriptor");
    Class<?> layout = Class.forName("java.lang.foreign.MemoryLayout");
    Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
    Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
    Class<?> symbols = Class.forName("java.lang.foreign.SymbolLookup");
    Object linker = linkerClass.getMethod("nativeLinker").invoke(null);
    Object lookup = linkerClass.getMethod("defaultLookup").invoke(linker);
    Method find = symbols.getMethod("find", String.class);
    Object jint = valueLayout.getField("JAVA_INT").get(null);
    Object jlong = valueLayout.getField("JAVA_LONG").get(null);
    Object address = valueLayout.getField("ADDRESS").get(null);
    Method of = descriptor.getMethod("of", layout, layout.arrayType());
    Method downcall =
        linkerClass.getMethod("downcallHandle", segment, descriptor, option.arrayType());
    Object critical = option.getMethod("critical", boolean.class).invoke(null, true);
    Object errno =
        option
            .getMethod("captureCallState", String[].class)
            .invoke(null, (Object) new String[] {"errno"});
    Object variadicAt2 = option.getMethod("firstVariadicArg", int.class).invoke(null, 2);

    class Linking {
      MethodHandle link(String name, Object ret, Object[] args, Object... options)
          throws ReflectiveOperationException {
        Object symbol = ((Optional<?>) find.invoke(lookup, name)).orElseThrow();
        Object params = Array.newInstance(layout, args.length);
        for (int i = 0; i < args.length; i++) Array.set(params, i, args[i]);
        Object opts = Array.newInstance(option, options.length);
        for (int i = 0; i < options.length; i++) Array.set(opts, i, options[i]);
        return (MethodHandle) downcall.invoke(linker, symbol, of.invoke(null, ret, params), opts);
      }
    }
    Linking l = new Linking();
    MethodHandles.Lookup pub = MethodHandles.publicLookup();
    // MemorySegment.ofArray(byte[]) / (int[]), and asSlice(offset, length)
    MethodHandle ofBytes =
        pub.findStatic(segment, "ofArray", MethodType.methodType(segment, byte[].class));
    MethodHandle ofInts =
        pub.findStatic(segment, "ofArray", MethodType.methodType(segment, int[].class));
    MethodHandle slice =
        MethodHandles.filterArguments(
            pub.findVirtual(
                segment, "asSlice", MethodType.methodType(segment, long.class, long.class)),
            0,
            ofBytes); // (byte[], long off, long len) -> segment

    // recv(state, fd, buf, len, flags) -> (int[] errno, int fd, byte[] a, long off, long len, int)
    MethodHandle recv =
        l.link("recv", jlong, new Object[] {jint, address, jlong, jint}, critical, errno);
    recv = MethodHandles.filterArguments(recv, 0, ofInts);
    recv = MethodHandles.collectArguments(recv, 2, slice); // (errno, fd, a, off, len, len, flags)
    recv =
        MethodHandles.permuteArguments(
            recv,
            MethodType.methodType(
                long.class,
                int[].class,
                int.class,
                byte[].class,
                long.class,
                long.class,
                int.class),
            0,
            1,
            2,
            3,
            4,
            4,
            5);

    MethodHandle[] names = new MethodHandle[2];
    String[] nameCalls = {"getsockname", "getpeername"};
    for (int i = 0; i < 2; i++) {
      MethodHandle h = l.link(nameCalls[i], jint, new Object[] {jint, address, address}, critical);
      names[i] = MethodHandles.filterArguments(h, 1, ofBytes, ofInts);
    }
    MethodHandle fcntl = l.link("fcntl", jint, new Object[] {jint, jint, jint}, variadicAt2);
    MethodHandle shutdown = l.link("shutdown", jint, new Object[] {jint, jint});
    MethodHandle close = l.link("close", jint, new Object[] {jint});
    return new MethodHandle[] {recv, names[0], names[1], fcntl, shutdown, close};
  }
}
