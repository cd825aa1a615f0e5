/**
 * The web console for operators (every account) and admins (their own account): accounts,
 * channels and their pacing, API keys shown once, queue depth and lag, the webhook
 * delivery log with replay, sandbox fault injection, templates and their review status,
 * and inviting users. It uses the same use cases as the admin API.
 */
@NullMarked
package dev.wabagate.console;

import org.jspecify.annotations.NullMarked;
