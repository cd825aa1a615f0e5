/**
 * Validation of outgoing send requests: checks a seed/On-Premises-style body against the
 * Cloud API rules, reporting every violation at once, and converts it to the Cloud API
 * send payload that is stored and relayed upstream.
 */
@NullMarked
package dev.wabagate.messaging.validation;

import org.jspecify.annotations.NullMarked;
