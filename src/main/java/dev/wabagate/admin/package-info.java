/**
 * The operator's API under {@code /admin/v1} and the command line that does the same:
 * accounts, channels, API keys, sandbox faults.
 */
@NullMarked
package dev.wabagate.admin;

import org.jspecify.annotations.NullMarked;
