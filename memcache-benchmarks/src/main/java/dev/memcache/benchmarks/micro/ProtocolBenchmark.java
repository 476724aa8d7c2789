package dev.memcache.benchmarks.micro;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Keys;
import dev.memcache.core.internal.connection.ProtocolCodec;
import dev.memcache.core.internal.connection.ReplyState;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.protocol.Get;
import dev.memcache.core.internal.protocol.Store;
import dev.memcache.core.internal.protocol.text.TextCodec;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The text codec's hot paths as the connection runs them: building and encoding a get and a set
 * (key validation included), and parsing a 100-byte value reply from the read buffer. With {@code
 * -prof gc}: the request object, the key bytes and the value copy are the only allocations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProtocolBenchmark {
  private final TextCodec codec = new TextCodec();
  private final ByteBuffer out = ByteBuffer.allocate(64 * 1024);
  private final byte[] value = new byte[100];
  private final ReplyState state = new ReplyState();
  private ByteBuffer reply;

  @Setup
  public void setUp() {
    String wire = "VALUE user:12345:profile 0 100\r\n" + "v".repeat(100) + "\r\nEND\r\n";
    reply = ByteBuffer.wrap(wire.getBytes(US_ASCII));
  }

  @Benchmark
  public int encodeGet() {
    Request<Object> r = get();
    out.clear();
    codec.encode(r, out);
    return out.position();
  }

  @Benchmark
  public int encodeSet() {
    Request<Object> r =
        new Store<>(
            Command.SET,
            Keys.encode("", "user:12345:profile"),
            value,
            0,
            300,
            0,
            false,
            0,
            q -> null);
    out.clear();
    codec.encode(r, out);
    return out.position();
  }

  @Benchmark
  public byte[] parseValueReply() {
    Get<Object> r = get();
    reply.position(0);
    if (codec.decode(r, reply, state) != ProtocolCodec.DONE)
      throw new IllegalStateException("incomplete");
    return r.value();
  }

  private static Get<Object> get() {
    return Get.of(Keys.encode("", "user:12345:profile"), "user:12345:profile", 0, q -> null);
  }
}
