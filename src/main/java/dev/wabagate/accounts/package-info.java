/**
 * Accounts (businesses), their channels (one WhatsApp business number each), API keys and
 * the authentication of API requests.
 */
@ApplicationModule(allowedDependencies = { "shared" })
@NullMarked
package dev.wabagate.accounts;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
