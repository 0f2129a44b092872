/** grpo4j rl module. */
package org.grpo4j.rl;
