/** Measuring what memory an allocation can still get, so sizes are refused before anything is allocated. */
package org.grpo4j.nn.memory;
