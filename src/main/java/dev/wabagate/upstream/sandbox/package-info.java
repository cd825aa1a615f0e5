/**
 * The built-in WhatsApp simulator, the embedded default's provider: message ids like
 * Meta's, sent/delivered/read after configurable delays, the 24-hour window, customer
 * replies, and faults on demand. Its timeline is stored, so it survives restarts like
 * WhatsApp would.
 */
@NullMarked
package dev.wabagate.upstream.sandbox;

import org.jspecify.annotations.NullMarked;
