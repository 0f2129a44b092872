/** grpo4j tests module. */
package org.grpo4j.tests;
