/**
 * Accepting messages (validation, idempotency, the 24-hour window), storing them durably,
 * and their status lifecycle. {@code dispatch} hands them to the provider.
 */
@NullMarked
package dev.wabagate.messaging;

import org.jspecify.annotations.NullMarked;
