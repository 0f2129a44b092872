/** grpo4j nn module. */
package org.grpo4j.nn;
