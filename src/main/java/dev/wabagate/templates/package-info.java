/**
 * The template catalogue of each channel: creation with Meta's validation rules, the
 * 360dialog v1 list, deletion, review (simulated for sandbox channels) and the check that
 * a template message names an approved template.
 */
@ApplicationModule(allowedDependencies = { "accounts", "shared", "upstream", "upstream::events" })
@NullMarked
package dev.wabagate.templates;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
