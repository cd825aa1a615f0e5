/**
 * Accepting messages (validation, idempotency, the 24-hour window), storing them durably,
 * and their status lifecycle. {@code dispatch} hands them to the provider.
 */
@ApplicationModule(allowedDependencies = { "accounts", "crm", "shared", "templates", "upstream" })
@NullMarked
package dev.wabagate.messaging;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
