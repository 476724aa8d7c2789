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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads and writes a plain socket straight into and from Java arrays: {@code recv(2)} and {@code
 * write(2)} called through the JDK's foreign function API as critical functions with heap access,
 * so the kernel copies the bytes between the socket and the array itself. A channel's read into a
 * heap buffer goes through a temporary direct buffer, which the JDK then copies into the array, and
 * its write copies all that is left of the heap buffer into one before each call: two copies of
 * every byte of a big value read where this makes one ({@link ConnectionReader} fills big values
 * through {@link SocketIo#read}), and of every byte the writer sends, more where the socket takes a
 * big write in parts.
 *
 * <p>Only on Linux, on JDK 22 or later, where this module has native access ({@code
 * --enable-native-access=ALL-UNNAMED}, or {@code =dev.memcache.core} on the module path: without it
 * nothing restricted is called, so the JDK prints no warning), and unless {@code
 * -Ddev.memcache.nativeSocket=false}; elsewhere the channel reads and writes as before. The library
 * compiles for Java 21, where the foreign function API is a preview, so its types appear only in
 * this class's setup, through reflection: the handles it makes take Java arrays, primitives and
 * segments typed as {@code Object}.
 *
 * <p>Linking them takes a cold JVM a quarter of a second, so the JVM's first connection starts it
 * on a thread of its own and reads and writes through its channel meanwhile; each connection opened
 * until then attaches its native calls on that thread once linked ({@link #whenLinked}), and the
 * reader and the writer take them up at their next call. A connection that waited for it missed its
 * callers' deadlines: with a 300 ms timeout, the first calls of {@code PausedServerUnderLoadIT}
 * timed out in 3 runs of 3 with both CPUs busy, where linking took 560-620 ms.
 *
 * <p>The JDK does not tell a channel's descriptor. {@link #open} finds the one among the process's
 * open descriptors whose local and peer addresses are the channel's, and duplicates it
 * (close-on-exec): the duplicate is this object's until {@link #close}, whatever the channel does,
 * so a call can never reach a descriptor number reused by another file. {@link #close} shuts the
 * socket down, which the channel's own close no longer does while a duplicate keeps it open.
 *
 * <p>A critical function holds off the JVM's safepoints while it runs: neither call ever waits, and
 * each copies at most 256 KB, tens of microseconds. {@code recv} passes {@code MSG_DONTWAIT};
 * {@code write}, the call the channel's own write makes, has no flags and relies on the descriptor
 * being non-blocking: the duplicate shares the channel's open file, which {@link SocketIo} made
 * non-blocking before {@link #open} and which stays so while the channel is registered with its
 * selectors (a registered channel cannot be made blocking), that is for the connection's life. A
 * peer that closed makes it fail with {@code EPIPE}; its {@code SIGPIPE} the JVM ignores, as for
 * the channel's writes. A read that finds nothing, or a write that finds no room, returns 0 and the
 * caller waits on the channel's selector as before. A read's end of stream, error or close returns
 * -1 and leaves the verdict to the channel's own read (-1, or the exception it always threw once
 * closed), but for an error {@code recv} took from the socket, which the socket reports once:
 * {@link SocketIo} throws it ({@link #failure}) wherever a read finds the end. A write that fails
 * throws its error; once closed, the channel's write gives the verdict.
 *
 * <p>Threads: one reader at a time (the reading state's owner, see {@link SocketIo}) under the read
 * lock, one writer at a time (whoever holds the connection's write lock) under the write lock, so a
 * read and a write never wait for each other; {@link #close} from any thread, under both, so it
 * never closes the descriptor while a call uses it.
 */
final class NativeSocket {
  /**
   * Linux's {@code MSG_DONTWAIT}, {@code EAGAIN}, {@code F_DUPFD_CLOEXEC} and {@code SHUT_RDWR}.
   */
  private static final int MSG_DONTWAIT = 0x40, EAGAIN = 11, F_DUPFD_CLOEXEC = 1030, SHUT_RDWR = 2;

  /** Linux's {@code EINTR}, {@code EPIPE}, {@code ECONNRESET} and {@code ETIMEDOUT}. */
  private static final int EINTR = 4, EPIPE = 32, ECONNRESET = 104, ETIMEDOUT = 110;

  private static final int AF_INET = 2, AF_INET6 = 10, SOCKADDR_BYTES = 128;

  /**
   * Most bytes one call copies: a critical call holds off the JVM's safepoints (a collection, a
   * deoptimization) until it returns, and a socket's receive buffer can hold megabytes.
   */
  private static final int MAX_CALL_BYTES = 256 * 1024;

  /** Most descriptors {@link #open} looks at before it gives up (and the channel reads). */
  private static final int MAX_SCANNED = 65_536;

  /**
   * The linking's progress ({@link #whenLinked}), under the class's lock: not started, under way,
   * linked with the connections that waited for it attaching, linked, or not possible here.
   */
  private static final int NOT_STARTED = 0, UNDER_WAY = 1, ATTACHING = 2, LINKED = 3, NONE = 4;

  private static int linking = NOT_STARTED;

  /** What runs once linked: the connections opened while the linking was under way attach. */
  private static List<Runnable> onLinked = new ArrayList<>();

  private final int fd;

  /**
   * Where {@code recv} and the retried {@code write} capture {@code errno}: every such call writes
   * it, and it is read only after one that returned -1, so nothing clears it.
   */
  private final int[] readErrno = new int[1], writeErrno = new int[1];

  private final Object readLock = new Object(), writeLock = new Object();

  /** The last array written from and the segment over it. */
  private byte[] writeArray;

  private Object writeSegment;

  /**
   * Set by {@link #stop} or {@link #close} under both locks; each call reads it under its own.
   * {@code released}: the descriptor closed.
   */
  private boolean closed, released;

  /**
   * Bytes read into arrays, and written from them, so far (by the reader, the writer; racy for
   * tests).
   */
  private long received, written;

  /**
   * The {@code errno} of an error {@code recv} reported (a reset), or 0. A socket reports its error
   * once, so it is kept: every read after it ends there ({@link #failure}). Under the read lock.
   */
  private int error;

  private NativeSocket(int fd) {
    this.fd = fd;
  }

  /**
   * Runs {@code attach} once this JVM's native calls are linked: at once where they are, on the
   * linking thread once they are where the linking is under way (the JVM's first connection starts
   * it), never where they cannot be. Linking takes a cold JVM a quarter of a second (class loading
   * and the method handles of ten calls), over half a second with its CPUs busy: a connection does
   * not wait for it, its channel reads and writes until then. {@code attach} does not throw.
   */
  static void whenLinked(Runnable attach) {
    synchronized (NativeSocket.class) {
      if (linking == NOT_STARTED) linking = startLinking();
      if (linking == UNDER_WAY) onLinked.add(attach);
      if (linking != ATTACHING && linking != LINKED) return;
    }
    attach.run(); // outside the lock
  }

  /**
   * Starts the linking on a daemon thread of its own: {@code UNDER_WAY}, or {@code NONE} where it
   * cannot be (not Linux, turned off, no native access, no thread). Under the class's lock.
   */
  private static int startLinking() {
    if (!wanted()) return NONE;
    try {
      Thread.ofPlatform()
          .daemon()
          .name("memcache-native-linking")
          .start(NativeSocket::linkThenAttach);
      return UNDER_WAY;
    } catch (RuntimeException | OutOfMemoryError e) {
      return NONE; // no thread: the channels read and write
    }
  }

  /**
   * Linux, not turned off, and native access for this module ({@code Module.isNativeAccessEnabled},
   * JDK 22): without it nothing restricted is called, so the JDK prints no warning.
   */
  private static boolean wanted() {
    if ("false".equals(System.getProperty("dev.memcache.nativeSocket"))
        || !System.getProperty("os.name", "").equals("Linux")) {
      return false;
    }
    try {
      Method enabled = Module.class.getMethod("isNativeAccessEnabled");
      return (boolean) enabled.invoke(NativeSocket.class.getModule());
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false; // JDK 21
    }
  }

  /** The linking thread: links ({@link Linked}), then runs what waited for it. */
  private static void linkThenAttach() {
    boolean linked;
    try {
      linked = Linked.RECV != null;
    } catch (LinkageError | VirtualMachineError e) {
      linked = false; // its initializer failed in a way it does not catch (out of memory): none
    }
    List<Runnable> waited;
    synchronized (NativeSocket.class) {
      linking = linked ? ATTACHING : NONE; // a connection opened from now on attaches at once
      waited = onLinked;
      onLinked = null;
    }
    try {
      if (linked) waited.forEach(Runnable::run);
    } finally {
      synchronized (NativeSocket.class) {
        if (linked) linking = LINKED;
        NativeSocket.class.notifyAll();
      }
    }
  }

  /**
   * Whether reads and writes go straight between arrays and the socket on this JVM, once the
   * linking has ended (started here if no connection did) and the connections that waited for it
   * have attached: for tests, which count the kernel's copies.
   */
  static boolean available() throws InterruptedException {
    whenLinked(() -> {});
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    synchronized (NativeSocket.class) {
      while (linking == UNDER_WAY || linking == ATTACHING) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) throw new IllegalStateException("linking did not end in 60 s");
        NativeSocket.class.wait(left);
      }
      return linking == LINKED;
    }
  }

  /**
   * A reader and writer of {@code channel}'s socket (connected, non-blocking), or null where its
   * descriptor is not found (no {@code /proc}, too many open files, the channel closed). Only once
   * linked: in {@link #whenLinked}'s action.
   */
  static NativeSocket open(SocketChannel channel) {
    try {
      return find(channel);
    } catch (IOException | RuntimeException e) {
      return null; // no /proc, or the channel closed: the channel reads
    }
  }

  private static NativeSocket find(SocketChannel channel) throws IOException {
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
        int mine = call(Linked.FCNTL, candidate, F_DUPFD_CLOEXEC, 0);
        if (mine < 0) return null;
        if (isSocketOf(mine, local, peer, addr, len)) return new NativeSocket(mine);
        call(Linked.CLOSE, mine);
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
    synchronized (readLock) {
      if (closed || error != 0) return -1;
      reading:
      for (ByteBuffer dst : dsts) {
        while (dst.hasRemaining()) {
          int pos = dst.position(), ask = Math.min(dst.remaining(), MAX_CALL_BYTES);
          long n = recv(dst.array(), dst.arrayOffset() + pos, ask);
          if (n < 0 && readErrno[0] != EAGAIN && readErrno[0] != EINTR) error = readErrno[0];
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

  /**
   * Writes what the socket takes now of {@code len} bytes of {@code a} from {@code off}, without
   * waiting: the bytes written, 0 when it had no room, or -1 once closed (the channel's own write
   * then gives the verdict). Throws the error a write found (a reset the first call took shows as
   * the broken pipe the second one found).
   */
  int write(byte[] a, int off, int len) throws SocketException {
    synchronized (writeLock) {
      if (closed) return -1;
      long n;
      try {
        if (a != writeArray) { // the writer's buffer, mostly: the same array, from 0
          writeSegment = (Object) Linked.BYTES.invokeExact(a);
          writeArray = a;
        }
        Object from =
            off == 0 ? writeSegment : (Object) Linked.SLICE.invokeExact(writeSegment, (long) off);
        long ask = Math.min(len, MAX_CALL_BYTES);
        n = (long) Linked.WRITE.invokeExact(fd, from, ask);
        if (n < 0) n = (long) Linked.WRITE_ERRNO.invokeExact(writeErrno, fd, from, ask); // no room?
      } catch (Throwable e) {
        throw new IllegalStateException("write failed", e);
      }
      if (n >= 0) {
        written += n;
        return (int) n;
      }
      if (writeErrno[0] == EAGAIN || writeErrno[0] == EINTR) return 0;
      throw exception(writeErrno[0]);
    }
  }

  /** Bytes the kernel copied straight into arrays (racy, for tests). */
  long received() {
    return received;
  }

  /** Bytes the kernel copied straight from arrays into the socket (racy, for tests). */
  long written() {
    return written;
  }

  /**
   * The error a {@code recv} reported, or null. {@code recv} takes a socket's error as it reports
   * it, so the channel's reads after it find only the end of the stream.
   */
  SocketException failure() {
    int e;
    synchronized (readLock) {
      e = error;
    }
    return e == 0 ? null : exception(e);
  }

  private static SocketException exception(int errno) {
    return switch (errno) {
      case ECONNRESET -> new SocketException("Connection reset");
      case ETIMEDOUT -> new SocketException("Connection timed out");
      case EPIPE -> new SocketException("Broken pipe");
      default -> new SocketException("socket call failed: errno " + errno);
    };
  }

  private long recv(byte[] a, int off, int len) {
    try {
      return (long) Linked.RECV.invokeExact(readErrno, fd, a, (long) off, (long) len, MSG_DONTWAIT);
    } catch (Throwable e) {
      throw new IllegalStateException("recv failed", e);
    }
  }

  /**
   * Ends the calls before the channel closes ({@link SocketIo#close}): a read or write that starts
   * after this leaves its verdict to the channel, closing or closed by then. The channel's close
   * shuts the socket's sending side down while the channel is registered with selectors, which
   * wakes a writer waiting for room: without this its write here found a broken pipe, not the close
   * ({@code NativeSocketTest}, 4 runs of 6 with both CPUs busy).
   */
  void stop() {
    synchronized (writeLock) {
      synchronized (readLock) {
        closed = true;
      }
    }
  }

  /** Shuts the socket down and closes the duplicate. Idempotent. */
  void close() {
    synchronized (writeLock) {
      synchronized (readLock) {
        closed = true;
        if (released) return;
        released = true;
        call(Linked.SHUTDOWN, fd, SHUT_RDWR);
        call(Linked.CLOSE, fd);
      }
    }
  }

  private static boolean isSocketOf(
      int fd, InetSocketAddress local, InetSocketAddress peer, byte[] addr, int[] len) {
    return named(Linked.PEERNAME, fd, peer, addr, len)
        && named(Linked.SOCKNAME, fd, local, addr, len);
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
   * fcntl, shutdown, close, write, a byte array's segment and a slice, write with errno. Only with
   * native access ({@link #wanted}). Throws where the API or a symbol is missing.
   */
  private static MethodHandle[] link() throws ReflectiveOperationException {
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
    // write(fd, buf, len) -> (int fd, Object from, long len); with errno captured, (int[] errno,
    // int fd, Object from, long len)
    MethodHandle write =
        l.link("write", jlong, new Object[] {jint, address, jlong}, critical)
            .asType(MethodType.methodType(long.class, int.class, Object.class, long.class));
    MethodHandle writeErrno =
        MethodHandles.filterArguments(
                l.link("write", jlong, new Object[] {jint, address, jlong}, critical, errno),
                0,
                ofInts)
            .asType(
                MethodType.methodType(
                    long.class, int[].class, int.class, Object.class, long.class));
    MethodHandle bytes = ofBytes.asType(MethodType.methodType(Object.class, byte[].class));
    MethodHandle from =
        pub.findVirtual(segment, "asSlice", MethodType.methodType(segment, long.class))
            .asType(MethodType.methodType(Object.class, Object.class, long.class));

    MethodHandle[] names = new MethodHandle[2];
    String[] nameCalls = {"getsockname", "getpeername"};
    for (int i = 0; i < 2; i++) {
      MethodHandle h = l.link(nameCalls[i], jint, new Object[] {jint, address, address}, critical);
      names[i] = MethodHandles.filterArguments(h, 1, ofBytes, ofInts);
    }
    MethodHandle fcntl = l.link("fcntl", jint, new Object[] {jint, jint, jint}, variadicAt2);
    MethodHandle shutdown = l.link("shutdown", jint, new Object[] {jint, jint});
    MethodHandle close = l.link("close", jint, new Object[] {jint});
    return new MethodHandle[] {
      recv, names[0], names[1], fcntl, shutdown, close, write, bytes, from, writeErrno
    };
  }

  /**
   * The linked calls, a class of its own so that {@link NativeSocket#linkThenAttach} initializes it
   * on the linking thread, and so that its fields are constants where the JIT compiles a call (a
   * static final of an initialized class): the calls are made only by sockets opened once linked.
   * All null where a symbol or the API is missing.
   */
  private static final class Linked {
    /**
     * {@code recv}: {@code (int[] errno, int fd, byte[] a, long off, long len, int flags) -> long}.
     */
    static final MethodHandle RECV;

    /**
     * {@code write}: {@code (int fd, Object from, long len) -> long}, {@code from} a segment
     * ({@link #BYTES}, {@link #SLICE}) the writer makes once for its buffer, so that a write
     * allocates nothing, whether or not the JIT's escape analysis would have removed a segment made
     * per call (a throwaway build that made them per call, as {@code RECV} does, measured 210 and
     * 434 bytes per 100-byte get in two runs of {@code ClientGetBenchmark}). It does not capture
     * {@code errno}: the JDK slices the capture segment in every such call (a 40-byte object a
     * write, which escape analysis removed in some runs and not in others: {@code SocketIoTest}
     * failed in 4 runs of 8 with both CPUs busy). A write that fails is made again through {@link
     * #WRITE_ERRNO}, which does, to tell no room from an error.
     */
    static final MethodHandle WRITE;

    /**
     * {@code write} capturing {@code errno}: {@code (int[] errno, int fd, Object from, long len)}.
     */
    static final MethodHandle WRITE_ERRNO;

    /** {@code MemorySegment.ofArray(byte[])} and {@code asSlice(offset)}, segments as Object. */
    static final MethodHandle BYTES, SLICE;

    /**
     * {@code getsockname} and {@code getpeername}: {@code (int fd, byte[] addr, int[] len) -> int}.
     */
    static final MethodHandle SOCKNAME, PEERNAME;

    /** {@code fcntl(fd, cmd, arg)}, {@code shutdown(fd, how)}, {@code close(fd)}. */
    static final MethodHandle FCNTL, SHUTDOWN, CLOSE;

    static {
      MethodHandle[] handles = new MethodHandle[10]; // none: the channels read and write
      try {
        handles = link();
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        // a JDK without the API, or a symbol missing: none
      }
      RECV = handles[0];
      SOCKNAME = handles[1];
      PEERNAME = handles[2];
      FCNTL = handles[3];
      SHUTDOWN = handles[4];
      CLOSE = handles[5];
      WRITE = handles[6];
      BYTES = handles[7];
      SLICE = handles[8];
      WRITE_ERRNO = handles[9];
    }
  }
}
