package dev.wabagate.messaging.validation;

/**
 * The template a template message names, and how many parameters it fills, as the send
 * check against the catalogue needs them.
 *
 * @param name the template's name
 * @param language its language code, e.g. {@code en_US}
 * @param bodyParams parameters given for the body
 * @param headerParams parameters given for the header
 */
public record TemplateRef(String name, String language, int bodyParams, int headerParams) {
}
