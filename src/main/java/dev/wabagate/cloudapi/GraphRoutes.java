package dev.wabagate.cloudapi;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The Graph paths this module serves, read from the request mappings of its controllers,
 * so that failures raised before a handler is chosen can be told to be on a Graph path.
 */
@Component
class GraphRoutes {

	static final String PACKAGE = GraphRoutes.class.getPackageName();

	private final ObjectProvider<RequestMappingHandlerMapping> mappings;

	private volatile @Nullable List<PathPattern> patterns;

	GraphRoutes(@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
		this.mappings = mappings;
	}

	/** Whether an endpoint of this module serves the path, whatever the method. */
	boolean serves(String requestUri) {
		PathContainer path = PathContainer.parsePath(requestUri);
		return patterns().stream().anyMatch((pattern) -> pattern.matches(path));
	}

	/** Whether the path is under a {@code v<major>.<minor>} prefix. */
	static boolean versioned(String requestUri) {
		return requestUri.matches("/v\\d+\\.\\d+(/.*)?");
	}

	private List<PathPattern> patterns() {
		List<PathPattern> found = this.patterns;
		if (found == null) {
			found = this.mappings.getObject()
				.getHandlerMethods()
				.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().getBeanType().getPackageName().equals(PACKAGE))
				.map((entry) -> entry.getKey())
				.map(RequestMappingInfo::getPathPatternsCondition)
				.filter((condition) -> condition != null)
				.flatMap((condition) -> condition.getPatterns().stream())
				.filter((pattern) -> !pattern.getPatternString().endsWith("/**"))
				.toList();
			this.patterns = found;
		}
		return found;
	}

}
