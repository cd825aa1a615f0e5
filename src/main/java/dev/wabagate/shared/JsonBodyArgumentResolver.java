package dev.wabagate.shared;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

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
		byte[] raw = (request != null) ? readBody(request) : new byte[0];
		if (isBlank(raw)) {
			return new JsonBody(JsonNodeFactory.instance.objectNode(), new byte[0]);
		}
		return new JsonBody(LenientJsonReader.read(raw), raw);
	}

	/**
	 * The body's bytes. With a Content-Length they are read into an array of that length:
	 * {@code readAllBytes} reads into a 16 KB buffer and copies what it got (ADR 0027).
	 * Bytes past the announced length, which Tomcat does not give, would still be read.
	 */
	private static byte[] readBody(HttpServletRequest request) throws IOException {
		InputStream in = request.getInputStream();
		long length = request.getContentLengthLong();
		if (length < 0 || length > Integer.MAX_VALUE) {
			return in.readAllBytes();
		}
		byte[] raw = in.readNBytes((int) length);
		int next = in.read();
		if (next == -1) {
			return raw;
		}
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		all.writeBytes(raw);
		all.write(next);
		in.transferTo(all);
		return all.toByteArray();
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
