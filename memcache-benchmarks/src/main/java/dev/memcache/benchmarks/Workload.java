package dev.memcache.benchmarks;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** One row of cells: what each call does, and on which data set. */
public enum Workload {
  GET_100("get-100B", false, 0, 1),
  SET_100("set-100B", false, 100, 1),
  MIX_90_10("mix-90/10", false, 10, 1),
  MULTI_GET_10("multiget-10", false, 0, 10),
  GET_100K("get-100KB", true, 0, 1),
  SET_100K("set-100KB", true, 100, 1),
  SET_NOREPLY_100("set-noreply-100B", false, 100, 1);

  /** What a single call does. */
  public enum Op {
    GET,
    SET,
    SET_NOREPLY,
    MULTI_GET
  }

  private final String label;
  private final boolean large;
  private final int setPercent;
  private final int keysPerCall;

  Workload(String label, boolean large, int setPercent, int keysPerCall) {
    this.label = label;
    this.large = large;
    this.setPercent = setPercent;
    this.keysPerCall = keysPerCall;
  }

  /** The workload called {@code name} (its label, or the enum constant's name). */
  public static Workload byName(String name) {
    return Arrays.stream(values())
        .filter(w -> w.label.equalsIgnoreCase(name) || w.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown workload '"
                        + name
                        + "'; known: "
                        + Arrays.stream(values()).map(Workload::label).toList()));
  }

  /** The name in tables and files. */
  public String label() {
    return label;
  }

  /** Whether this workload uses the 100 KB values. */
  public boolean large() {
    return large;
  }

  /** Whether its writes are noreply (only clients that have such writes run it). */
  public boolean noreply() {
    return this == SET_NOREPLY_100;
  }

  /** Keys touched by one call: 10 for a multi-get, else 1. */
  public int keysPerCall() {
    return keysPerCall;
  }

  /** The next call to make. */
  public Op next(ThreadLocalRandom random) {
    if (keysPerCall > 1) return Op.MULTI_GET;
    if (this == SET_NOREPLY_100) return Op.SET_NOREPLY;
    if (setPercent == 100) return Op.SET;
    return setPercent > 0 && random.nextInt(100) < setPercent ? Op.SET : Op.GET;
  }
}
