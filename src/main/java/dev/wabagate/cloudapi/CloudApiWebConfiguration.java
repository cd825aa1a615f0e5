package dev.wabagate.cloudapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts Meta's error body on every failure of the Graph paths, before the v1 API's problem
 * JSON handler sees it: failures inside a Cloud API controller, and failures raised
 * before any handler was chosen (405, 415, 413, malformed multipart) on a path one of
 * them serves, or under a {@code v<major>.<minor>} prefix.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CloudApiProperties.class)
class CloudApiWebConfiguration implements WebMvcConfigurer {

	private final CloudErrors errors;

	private final GraphRoutes routes;

	CloudApiWebConfiguration(JsonMapper json, GraphRoutes routes) {
		this.errors = new CloudErrors(json);
		this.routes = routes;
	}

	@Override
	public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
		resolvers.addFirst(this::resolve);
	}

	private @Nullable ModelAndView resolve(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (!isGraphRequest(request, handler)) {
			return null;
		}
		try {
			this.errors.write(this.errors.answerFor(ex, request), response);
		}
		catch (IOException writeFailed) {
			throw new UncheckedIOException(writeFailed);
		}
		return new ModelAndView();
	}

	private boolean isGraphRequest(HttpServletRequest request, @Nullable Object handler) {
		if (handler instanceof HandlerMethod method) {
			return method.getBeanType().getPackageName().equals(GraphRoutes.PACKAGE);
		}
		return GraphRoutes.versioned(request.getRequestURI()) || this.routes.serves(request.getRequestURI());
	}

}
