package dev.memcache.java;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the client logs while open: the default {@code System.LoggerFinder} maps the client's {@code
 * System.Logger} ("dev.memcache") to java.util.logging, where this handler listens.
 */
final class CapturedLog extends Handler implements AutoCloseable {
  private final Logger logger = Logger.getLogger("dev.memcache");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  CapturedLog() {
    logger.addHandler(this);
  }

  @Override
  public void publish(LogRecord r) {
    records.add(r);
  }

  /** Each record as {@code "LEVEL message"}, its parameters filled in. */
  List<String> lines() {
    return records.stream()
        .map(
            r ->
                r.getLevel()
                    + " "
                    + (r.getParameters() == null
                        ? r.getMessage()
                        : MessageFormat.format(r.getMessage(), r.getParameters())))
        .toList();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
