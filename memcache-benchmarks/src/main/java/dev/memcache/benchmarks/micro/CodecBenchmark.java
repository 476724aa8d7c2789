package dev.memcache.benchmarks.micro;

import dev.memcache.core.codec.BasicValueCodec;
import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.codec.Flags;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The value codec on the hot path of every get and set: strings (UTF-8, flag 16) and integers
 * (decimal, flag 2). Run with {@code -prof gc} to see bytes allocated per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
  /**
   * Length of the string value in characters; the text mixes ASCII with a few 2- and 3-byte
   * characters.
   */
  @Param({"16", "100", "1000"})
  public int length;

  private final BasicValueCodec codec = BasicValueCodec.INSTANCE;
  private String text;
  private byte[] textBytes;
  private final Long number = 1_234_567_890_123L;
  private final byte[] numberBytes = "1234567890123".getBytes(StandardCharsets.US_ASCII);

  @Setup
  public void setUp() {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; s.length() < length; i++)
      s.append(i % 40 == 39 ? (i % 80 == 79 ? '€' : 'é') : (char) ('a' + i % 26));
    text = s.toString();
    textBytes = text.getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public CachedValue encodeString() {
    return codec.encode(text);
  }

  @Benchmark
  public Object decodeString() {
    return codec.decode("bench:key", Flags.TEXT, textBytes);
  }

  @Benchmark
  public CachedValue encodeInteger() {
    return codec.encode(number);
  }

  @Benchmark
  public Object decodeInteger() {
    return codec.decode("bench:key", Flags.INTEGER, numberBytes);
  }
}
