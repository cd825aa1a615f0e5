/**
 * Meta's WhatsApp Cloud API behind the upstream SPI: sending through the Graph API, and
 * Meta's signed webhook turned into neutral statuses, customer messages and template
 * reports.
 */
@NullMarked
package dev.wabagate.upstream.meta;

import org.jspecify.annotations.NullMarked;
