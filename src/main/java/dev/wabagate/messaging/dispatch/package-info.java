/**
 * The outbound queue and its dispatcher: lane heads claimed with leases, paced per
 * channel, sent upstream, retried with backoff, and failed with the provider's code when
 * the error is permanent.
 */
@NullMarked
package dev.wabagate.messaging.dispatch;

import org.jspecify.annotations.NullMarked;
