package org.grpo4j.cli.train;

import java.util.Arrays;
import java.util.Iterator;
import org.grpo4j.rl.train.ObjectiveName;
import picocli.CommandLine;

/** Reads {@code --objective} by its CLI name ({@code tic-grpo}); an unknown name is refused with the valid ones. */
final class ObjectiveNameConverter implements CommandLine.ITypeConverter<ObjectiveName> {
  @Override
  public ObjectiveName convert(String value) {
    try {
      return ObjectiveName.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }

  /** The CLI names, for help and completion. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(ObjectiveName.values()).map(ObjectiveName::cliName).iterator();
    }
  }
}
