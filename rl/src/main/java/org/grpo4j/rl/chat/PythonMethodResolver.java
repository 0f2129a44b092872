package org.grpo4j.rl.chat;

import com.hubspot.jinjava.el.ext.AbstractCallableMethod;
import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Resolves Python's str methods on strings ({@code s.startswith(x)}, {@code s.split()}, ...), which Jinjava would
 * look up as Java methods (missing, or with Java's semantics as for {@code split}'s regex). The method is returned
 * as a callable that Jinjava's resolver invokes; every other lookup is left to Jinjava's resolver, which comes next.
 */
final class PythonMethodResolver extends ELResolver {

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    if (base instanceof String s && property instanceof String name && PyStrings.METHODS.contains(name)) {
      context.setPropertyResolved(true);
      return new StringMethod(s, name);
    }
    return null;
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {
    // never resolves a write
  }

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    return true;
  }

  @Override
  public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
    return null;
  }

  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    return null;
  }

  /** One str method bound to its string. */
  private static final class StringMethod extends AbstractCallableMethod {
    private final String self;

    StringMethod(String self, String name) {
      super(name, new LinkedHashMap<>());
      this.self = self;
    }

    @Override
    public Object doEvaluate(Map<String, Object> args, Map<String, Object> kwargs, List<Object> varArgs) {
      if (kwargs != null && !kwargs.isEmpty()) {
        throw new IllegalArgumentException("str." + getName() + "() keyword arguments are not supported: "
            + kwargs.keySet());
      }
      return PyStrings.call(self, getName(), varArgs == null ? new Object[0] : varArgs.toArray());
    }
  }
}
