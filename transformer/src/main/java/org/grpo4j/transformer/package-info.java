/** grpo4j transformer module. */
package org.grpo4j.transformer;
