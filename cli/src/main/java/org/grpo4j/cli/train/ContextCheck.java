package org.grpo4j.cli.train;

import java.util.ArrayList;
import java.util.List;
import org.grpo4j.rl.model.ModelDirectory;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.Task;

/**
 * Checks before a run starts that the task's prompts leave room to generate in the policy's context, and, with a
 * warm start, that prompt + worked solution + end of text fit; the message names the problem, the tokens and the
 * context ({@code --n-positions}). A task over a data file is checked whole; a generated stream, on its first
 * {@value #TRAIN_PROBLEMS} problems (its generator bounds the prompts' lengths).
 */
final class ContextCheck {
  /** Training problems of a generated stream looked at (a data file's and the held-out set are looked at whole). */
  static final int TRAIN_PROBLEMS = 256;

  private ContextCheck() {}

  /** Throws when a held-out or training problem (above) does not fit {@code policy}'s context. */
  static void require(Task task, ModelDirectory policy, boolean warmStart) {
    int context = policy.model().contextLength();
    List<Problem> problems = new ArrayList<>(task.heldOut());
    task.trainingSet().ifPresentOrElse(problems::addAll, () -> {
      for (long i = 0; i < TRAIN_PROBLEMS; i++) {
        problems.add(task.trainProblem(i));
      }
    });
    for (Problem p : problems) {
      int prompt = policy.tokenizer().encode(p.prompt(), p.promptTokens()).length;
      if (prompt >= context) {
        throw new IllegalArgumentException("problem " + p.id() + ": its prompt is " + prompt + " tokens, but the "
            + "model's context is " + context + " (--n-positions) and must leave room to generate");
      }
      if (warmStart && p.solution() != null) {
        int need = prompt + policy.tokenizer().encode(p.solution()).length + 1;
        if (need > context) {
          throw new IllegalArgumentException("problem " + p.id() + ": prompt, worked solution and end of text are "
              + need + " tokens, more than the model's context of " + context + " (raise --n-positions)");
        }
      }
    }
  }
}
