package dev.memcache.benchmarks;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Linux and JVM facts and knobs the benchmark uses: CPU pinning, the write-syscall counter, a
 * process's CPU time, the hypervisor's steal time and the heap kept committed.
 */
final class Machine {
  private static final Path PROC_IO = Path.of("/proc/self/io");
  private static final Path PROC_STAT = Path.of("/proc/stat");

  /** This JVM, for {@link #cpuNanos}. */
  static final List<Long> THIS_JVM = List.of(ProcessHandle.current().pid());

  private static final long TICKS_PER_SECOND = clockTicksPerSecond();

  private Machine() {}

  /**
   * Pins every thread of process {@code pid} (and the ones it starts later) to {@code cpu} with
   * {@code taskset -a}. Returns a line saying what happened; failure is reported, not thrown.
   */
  static String pin(long pid, int cpu) {
    if (cpu < 0) return "memcached not pinned (bench.serverCpu=-1)";
    try {
      Process p =
          new ProcessBuilder("taskset", "-a", "-p", "-c", Integer.toString(cpu), Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0)
        return "memcached NOT pinned: taskset said " + out;
      return "memcached (pid " + pid + ") pinned to CPU " + cpu;
    } catch (IOException e) {
      return "memcached NOT pinned: taskset unavailable (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "memcached NOT pinned: interrupted";
    }
  }

  /**
   * Keeps the heap's memory committed after the full collection that starts every run ({@code
   * MaxHeapFreeRatio} 100, unless the command line set it): with the default 70 that collection
   * gave most of the heap back to the OS (G1 shrank it to 120 MB), every run grew it again, and the
   * kernel zeroed each page on its first touch, charged to whichever thread allocated there. A
   * service's heap stays committed; so does the benchmark's. Returns a line saying what it did.
   */
  static String keepHeapCommitted() {
    try {
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      VMOption ratio = vm.getVMOption("MaxHeapFreeRatio");
      if (ratio.getOrigin() != VMOption.Origin.DEFAULT)
        return "heap: MaxHeapFreeRatio " + ratio.getValue() + " as set";
      vm.setVMOption("MaxHeapFreeRatio", "100");
      return "heap: kept committed between runs (MaxHeapFreeRatio 100)";
    } catch (RuntimeException e) {
      return "heap: may shrink between runs (" + e + ")";
    }
  }

  /** The CPUs this JVM may run on, as the kernel lists them ("1", "0-1"), or "?". */
  static String jvmCpus() {
    String line = procLine(Path.of("/proc/self/status"), "Cpus_allowed_list:");
    return line == null ? "?" : line.substring(line.indexOf(':') + 1).strip();
  }

  /**
   * Write-family syscalls (write, writev, pwrite) made by this JVM so far ({@code syscw} in
   * /proc/self/io), or -1 when unavailable. Socket writes of every JDK-NIO-based client count, so
   * the benchmark reads it around a measured window in which only the client under test writes.
   */
  static long writeSyscalls() {
    String line = procLine(PROC_IO, "syscw:");
    try {
      return line == null ? -1 : Long.parseLong(line.substring(6).strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * CPU time the processes have used so far, user and system, all their threads (utime + stime in
   * {@code /proc/<pid>/stat}, counted in clock ticks, usually 10 ms), in nanoseconds; -1 when any
   * is unreadable.
   */
  static long cpuNanos(List<Long> pids) {
    long ticks = 0;
    for (long pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // Fields after the command name, which is in parentheses and may hold spaces: the state
        // is field 3, utime field 14, stime field 15
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }
    return ticks * 1_000_000_000L / TICKS_PER_SECOND;
  }

  /**
   * CPU time the hypervisor has taken from this machine's CPUs so far (steal: time a virtual CPU
   * was ready to run but the host ran something else), summed over all CPUs, in nanoseconds; -1
   * when {@code /proc/stat} is unreadable. On a shared VM it is what stalls a round: every thread
   * of that CPU, client and server, stops while it grows.
   */
  static long stealNanos() {
    String line = procLine(PROC_STAT, "cpu ");
    try {
      long ticks = line == null ? -1 : stealTicks(line);
      return ticks < 0 ? -1 : ticks * 1_000_000_000L / TICKS_PER_SECOND;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The steal ticks of {@code /proc/stat}'s summary line ("cpu user nice system idle iowait irq
   * softirq steal ..."), or -1 when the line has no steal field (kernels before 2.6.11).
   */
  static long stealTicks(String cpuLine) {
    String[] f = cpuLine.strip().split("\\s+");
    return f.length > 8 ? Long.parseLong(f[8]) : -1;
  }

  /** The machine's online CPUs, as {@code /proc/stat} lists them (the steal's divisor). */
  static int machineCpus() {
    try {
      int n = 0;
      for (String line : Files.readAllLines(PROC_STAT)) {
        if (line.startsWith("cpu") && Character.isDigit(line.charAt(3))) n++;
      }
      if (n > 0) return n;
    } catch (IOException e) {
      // not Linux
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * The first line of {@code file} that starts with {@code prefix}; null if none, or unreadable.
   */
  private static String procLine(Path file, String prefix) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(prefix)) return line;
      }
    } catch (IOException e) {
      // not Linux, or /proc hidden
    }
    return null;
  }

  /** How much a counter read with -1 for "unavailable" grew: -1 when either reading was. */
  static long since(long before, long after) {
    return before < 0 || after < 0 ? -1 : after - before;
  }

  /** {@code getconf CLK_TCK}; 100, the value on every common Linux, when it cannot be asked. */
  private static long clockTicksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      // not Linux
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}
