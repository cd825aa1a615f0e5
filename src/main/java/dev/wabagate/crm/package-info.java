/**
 * Contacts and chats: one chat per (channel, customer), the 24-hour customer service
 * window, and custom fields.
 */
@NullMarked
package dev.wabagate.crm;

import org.jspecify.annotations.NullMarked;
