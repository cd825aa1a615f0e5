/**
 * Small, stable building blocks every module uses: the error model, prefixed ids, lenient
 * JSON reading. Nothing here knows about WhatsApp messages or providers.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.wabagate.shared;

import org.jspecify.annotations.NullMarked;
