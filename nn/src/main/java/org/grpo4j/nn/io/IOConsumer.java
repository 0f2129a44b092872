package org.grpo4j.nn.io;

import java.io.IOException;

/** A consumer that may throw {@link IOException}, such as the body that fills a file in {@link AtomicFiles#write}. */
@FunctionalInterface
public interface IOConsumer<T> {
  /** Consumes {@code value}. */
  void accept(T value) throws IOException;
}
