package dev.wabagate.shared;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Reads the raw servlet input stream, so a JSON body sent as a form post reaches us byte
 * for byte (Spring's own converters would rebuild it from form parameters and mangle it).
 */
class JsonBodyArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return JsonBody.class.equals(parameter.getParameterType());
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) throws IOException {
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		byte[] raw = (request != null) ? request.getInputStream().readAllBytes() : new byte[0];
		if (isBlank(raw)) {
			return new JsonBody(JsonNodeFactory.instance.objectNode(), new byte[0]);
		}
		return new JsonBody(LenientJsonReader.read(raw), raw);
	}

	private static boolean isBlank(byte[] raw) {
		for (byte b : raw) {
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return false;
			}
		}
		return true;
	}

}
