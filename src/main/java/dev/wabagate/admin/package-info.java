/**
 * The operator's API under {@code /admin/v1} and the command line that does the same:
 * accounts, channels, API keys, sandbox faults.
 */
@ApplicationModule(allowedDependencies = { "accounts", "shared", "upstream", "users" })
@NullMarked
package dev.wabagate.admin;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
