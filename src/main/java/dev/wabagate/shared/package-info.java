/**
 * Small, stable building blocks every module uses: the error model, the validation
 * toolkit ({@link Field}, {@link Violations}), prefixed ids, lenient JSON reading.
 * Nothing here knows about WhatsApp messages or providers.
 */
@NullMarked
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.wabagate.shared;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
