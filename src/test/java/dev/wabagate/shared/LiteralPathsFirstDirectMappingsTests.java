package dev.wabagate.shared;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.wabagate.support.H2GatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The literal paths' mappings found without matching (ADR 0027) give what the
 * controllers' own lookup gives: the same handler, interceptors and request attributes,
 * or the same refusal, whatever the method, Accept and Content-Type.
 */
class LiteralPathsFirstDirectMappingsTests extends H2GatewayTest {

	private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

	private static final List<@Nullable String> ACCEPTS = Collections.unmodifiableList(java.util.Arrays.asList(null,
			"application/json", "*/*", "text/html", "application/xml;q=0.9, application/json", "not a type"));

	private static final List<@Nullable String> CONTENT_TYPES = Collections
		.unmodifiableList(java.util.Arrays.asList(null, "application/json", "application/x-www-form-urlencoded"));

	@Autowired
	private LiteralPathsFirst literalPathsFirst;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping controllers;

	@Test
	void sendingAMessageIsFoundWithoutMatching() {
		assertThat(this.literalPathsFirst.directMappings().get("/v1/messages")).containsKeys("POST", "GET");
		// Its controller is a singleton made at start: its bean is resolved once.
		assertThat(this.literalPathsFirst.directMappings().get("/v1/messages").get("POST").resolved()).isNotNull();
	}

	@Test
	void eachLiteralPathGetsTheControllersAnswer() throws Exception {
		int compared = 0;
		for (String path : this.literalPathsFirst.literalPaths()) {
			for (String method : METHODS) {
				for (String accept : ACCEPTS) {
					for (String contentType : CONTENT_TYPES) {
						String request = method + " " + path + " Accept: " + accept + " Content-Type: " + contentType;
						assertThat(answer(this.literalPathsFirst, method, path, accept, contentType)).as(request)
							.isEqualTo(answer(this.controllers, method, path, accept, contentType));
						compared++;
					}
				}
			}
		}
		assertThat(compared).isGreaterThan(100);
	}

	/** The handler, interceptors and attributes a lookup gives, or its refusal. */
	private static List<Object> answer(HandlerMapping mapping, String method, String path, @Nullable String accept,
			@Nullable String contentType) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		if (accept != null) {
			request.addHeader("Accept", accept);
		}
		if (contentType != null) {
			request.setContentType(contentType);
		}
		ServletRequestPathUtils.parseAndCache(request);
		List<Object> answer = new ArrayList<>();
		try {
			HandlerExecutionChain chain = mapping.getHandler(request);
			answer.add((chain != null) ? chain.getHandler().toString() : "no handler");
			answer.add((chain != null) ? chain.getInterceptorList() : List.of());
		}
		catch (Exception ex) {
			answer.add(ex.getClass().getName() + ": " + ex.getMessage());
		}
		answer.add(attributes(request));
		return answer;
	}

	private static Map<String, Object> attributes(HttpServletRequest request) {
		Map<String, Object> attributes = new TreeMap<>();
		for (String name : Collections.list(request.getAttributeNames())) {
			Object value = request.getAttribute(name);
			attributes.put(name, (value instanceof org.springframework.web.method.HandlerMethod handler)
					? handler.toString() : String.valueOf(value));
		}
		return attributes;
	}

}
