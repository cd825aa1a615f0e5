package dev.wabagate.shared;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.handler.MatchableHandlerMapping;
import org.springframework.web.servlet.handler.RequestMatchResult;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Asks the controllers' request mappings first for the paths they map literally, such as
 * {@code /v1/messages}. Spring Boot orders the actuator's handler mappings before the
 * controllers' (-100), and finding no literal path of its own there the actuator's tried
 * each of its patterns for every API request (ADR 0027). Ordering the controllers first
 * would let the Cloud API's {@code GET /{id}} answer {@code GET /actuator}; a literal
 * path that no pattern of a mapping ordered before the controllers' matches can only be
 * answered by the controllers' mapping, so asking it first changes no answer. Any other
 * path, or any mapping before the controllers' whose paths cannot be read (a router
 * function), leaves the lookup as it was.
 */
@Component
class LiteralPathsFirst implements MatchableHandlerMapping, Ordered {

	/** Before the actuator's handler mappings (-100). */
	static final int ORDER = -200;

	private final ObjectProvider<RequestMappingHandlerMapping> controllers;

	private final ObjectProvider<HandlerMapping> mappings;

	private volatile @Nullable Set<String> literalPaths;

	LiteralPathsFirst(
			@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> controllers,
			ObjectProvider<HandlerMapping> mappings) {
		this.controllers = controllers;
		this.mappings = mappings;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public boolean usesPathPatterns() {
		return true;
	}

	@Override
	public @Nullable HandlerExecutionChain getHandler(HttpServletRequest request) throws Exception {
		if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
			return null;
		}
		// As the controllers' mapping finds its lookup path.
		String path = UrlPathHelper.defaultInstance.removeSemicolonContent(
				ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().value());
		return literalPaths().contains(path) ? this.controllers.getObject().getHandler(request) : null;
	}

	@Override
	public @Nullable RequestMatchResult match(HttpServletRequest request, String pattern) {
		return this.controllers.getObject().match(request, pattern);
	}

	@Override
	public @Nullable PathPatternParser getPatternParser() {
		return this.controllers.getObject().getPatternParser();
	}

	/** The paths asked first, found when the first request comes. */
	Set<String> literalPaths() {
		Set<String> found = this.literalPaths;
		if (found == null) {
			found = findLiteralPaths();
			this.literalPaths = found;
		}
		return found;
	}

	/**
	 * The controllers' literal paths that no mapping ordered before theirs can answer;
	 * none when such a mapping's paths cannot be read.
	 */
	private Set<String> findLiteralPaths() {
		RequestMappingHandlerMapping controllers = this.controllers.getObject();
		Set<String> paths = new HashSet<>();
		for (RequestMappingInfo mapping : controllers.getHandlerMethods().keySet()) {
			paths.addAll(mapping.getDirectPaths());
		}
		// As the dispatcher servlet orders them; a tie counts as before.
		List<HandlerMapping> before = this.mappings.stream()
			.filter((mapping) -> mapping != this && mapping != controllers)
			.filter((mapping) -> AnnotationAwareOrderComparator.INSTANCE.compare(mapping, controllers) <= 0)
			.toList();
		for (HandlerMapping mapping : before) {
			if (mapping instanceof RouterFunctionMapping functions && functions.getRouterFunction() == null) {
				continue;
			}
			if (!(mapping instanceof RequestMappingInfoHandlerMapping earlier)) {
				return Set.of();
			}
			for (RequestMappingInfo info : earlier.getHandlerMethods().keySet()) {
				if (info.getPathPatternsCondition() == null) {
					return Set.of();
				}
				for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
					paths.removeIf((path) -> pattern.matches(PathContainer.parsePath(path)));
				}
			}
		}
		return Set.copyOf(paths);
	}

}
