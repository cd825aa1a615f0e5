/**
 * Contacts and chats: one chat per (channel, customer), the 24-hour customer service
 * window, and custom fields.
 */
@ApplicationModule(allowedDependencies = { "accounts", "shared", "upstream::events" })
@NullMarked
package dev.wabagate.crm;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
