/**
 * Delivery of events to each business's webhook: the per-channel configuration, a durable
 * queue ordered per chat, signed requests (Standard Webhooks and X-Hub-Signature-256),
 * retries, the delivery log and replay. Other modules publish {@link WebhookEvent};
 * status changes and customer messages are picked up from their own events.
 */
@ApplicationModule(
		allowedDependencies = { "accounts", "messaging::events", "shared", "templates::events", "upstream::events" })
@NullMarked
package dev.wabagate.webhooks;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
