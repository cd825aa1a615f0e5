/**
 * The template catalogue of each channel: creation with Meta's validation rules, the
 * 360dialog v1 list, deletion, review (simulated for sandbox channels) and the check that
 * a template message names an approved template.
 */
@NullMarked
package dev.wabagate.templates;

import org.jspecify.annotations.NullMarked;
