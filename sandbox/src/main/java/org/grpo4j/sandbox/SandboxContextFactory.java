package org.grpo4j.sandbox;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;

/**
 * Makes interpreted, ES-latest Rhino contexts that see no Java class, and routes Rhino's instruction observer to
 * the current program's {@link Budget}.
 */
final class SandboxContextFactory extends ContextFactory {
  static final Object BUDGET_KEY = Budget.class;

  @Override
  protected Context makeContext() {
    Context cx = super.makeContext();
    cx.setInterpretedMode(true);
    cx.setLanguageVersion(Context.VERSION_ECMASCRIPT);
    cx.setInstructionObserverThreshold(Limits.OBSERVER_THRESHOLD);
    cx.setClassShutter(className -> false);
    cx.setGeneratingDebug(true); // with debug information Rhino makes no tail calls, so every call counts in the stack depth
    return cx;
  }

  @Override
  protected boolean hasFeature(Context cx, int featureIndex) {
    if (featureIndex == Context.FEATURE_ENHANCED_JAVA_ACCESS) {
      return false;
    }
    return super.hasFeature(cx, featureIndex);
  }

  @Override
  protected void observeInstructionCount(Context cx, int instructionCount) {
    Budget budget = (Budget) cx.getThreadLocal(BUDGET_KEY);
    if (budget != null) {
      budget.onInstructions(instructionCount);
    }
  }
}
