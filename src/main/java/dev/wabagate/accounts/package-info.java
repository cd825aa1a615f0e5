/**
 * Accounts (businesses), their channels (one WhatsApp business number each), API keys and
 * the authentication of API requests.
 */
@NullMarked
package dev.wabagate.accounts;

import org.jspecify.annotations.NullMarked;
