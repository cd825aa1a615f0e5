package dev.wabagate.shared;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.accept.ApiVersionHolder;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.handler.MappedInterceptor;
import org.springframework.web.servlet.handler.MatchableHandlerMapping;
import org.springframework.web.servlet.handler.RequestMatchResult;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.condition.ProducesRequestCondition;
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
 * function), leaves the lookup as it was. A literal path and method that only one of the
 * controllers' mappings names, with no condition but what it produces, get that mapping's
 * chain without the lookup matching every condition of each mapping of the path, with the
 * same request attributes; anything else goes through the lookup.
 */
@Component
class LiteralPathsFirst implements MatchableHandlerMapping, Ordered {

	/** Before the actuator's handler mappings (-100). */
	static final int ORDER = -200;

	private final ObjectProvider<RequestMappingHandlerMapping> controllers;

	private final ObjectProvider<HandlerMapping> mappings;

	/** The methods whose requests a mapping may be found for without matching. */
	private static final Set<String> DIRECT_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

	private volatile @Nullable Set<String> literalPaths;

	private volatile @Nullable Map<String, Map<String, Direct>> directMappings;

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
		if (!literalPaths().contains(path)) {
			return null;
		}
		RequestMappingHandlerMapping controllers = this.controllers.getObject();
		Map<String, Direct> byMethod = directMappings().get(path);
		Direct direct = (byMethod != null && request.getDispatcherType() == DispatcherType.REQUEST)
				? byMethod.get(request.getMethod()) : null;
		HandlerExecutionChain chain = (direct != null) ? direct.chain(path, request, controllers) : null;
		return (chain != null) ? chain : controllers.getHandler(request);
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

	/** The literal paths' mappings the lookup can find without matching, by method. */
	Map<String, Map<String, Direct>> directMappings() {
		Map<String, Map<String, Direct>> found = this.directMappings;
		if (found == null) {
			found = findDirectMappings();
			this.directMappings = found;
		}
		return found;
	}

	/**
	 * For each literal path and method that exactly one of the controllers' mappings of
	 * that path names, that mapping, when its only other condition is what it produces
	 * and nothing versions or shares it across origins (CORS): for such a request the
	 * controllers' lookup finds that mapping alone.
	 */
	private Map<String, Map<String, Direct>> findDirectMappings() {
		RequestMappingHandlerMapping controllers = this.controllers.getObject();
		ApplicationContext context = controllers.getApplicationContext();
		if (context == null || controllers.getApiVersionStrategy() != null
				|| controllers.getCorsConfigurationSource() != null) {
			return Map.of();
		}
		Map<String, Map<String, Direct>> found = new HashMap<>();
		for (String path : literalPaths()) {
			Map<String, List<Map.Entry<RequestMappingInfo, HandlerMethod>>> byMethod = new HashMap<>();
			boolean anyMethod = false;
			for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : controllers.getHandlerMethods().entrySet()) {
				if (mapping.getKey().getDirectPaths().contains(path)) {
					Set<RequestMethod> methods = mapping.getKey().getMethodsCondition().getMethods();
					anyMethod |= methods.isEmpty();
					for (RequestMethod method : methods) {
						byMethod.computeIfAbsent(method.name(), (name) -> new ArrayList<>()).add(mapping);
					}
				}
			}
			Map<String, Direct> direct = new HashMap<>();
			for (Map.Entry<String, List<Map.Entry<RequestMappingInfo, HandlerMethod>>> method : byMethod.entrySet()) {
				if (!anyMethod && DIRECT_METHODS.contains(method.getKey()) && method.getValue().size() == 1) {
					Direct
						.of(path, method.getValue().get(0).getKey(), method.getValue().get(0).getValue(),
								context.getAutowireCapableBeanFactory())
						.ifPresent((mapping) -> direct.put(method.getKey(), mapping));
				}
			}
			if (!direct.isEmpty()) {
				found.put(path, Map.copyOf(direct));
			}
		}
		return Map.copyOf(found);
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

	/**
	 * A literal path's one mapping for a method, found without matching it: the chain the
	 * controllers' lookup builds for it, with the request attributes it sets (ADR 0027).
	 */
	record Direct(RequestMappingInfo info, HandlerMethod handler, @Nullable HandlerMethod resolved,
			PathPattern pattern) {

		/**
		 * @param beans to find whether the handler's bean is a singleton already made,
		 * which the lookup resolves to the same bean every time (any other is resolved
		 * for each request, as the lookup does)
		 */
		static Optional<Direct> of(String path, RequestMappingInfo info, HandlerMethod handler, BeanFactory beans) {
			PathPatternsRequestCondition patterns = info.getPathPatternsCondition();
			if (patterns == null || patterns.getPatterns().size() != 1
					|| !patterns.getFirstPattern().getPatternString().equals(path)
					|| !info.getParamsCondition().isEmpty() || !info.getHeadersCondition().isEmpty()
					|| !info.getConsumesCondition().isEmpty() || info.getCustomCondition() != null
					|| info.getVersionCondition().getVersion() != null
					|| AnnotatedElementUtils.hasAnnotation(handler.getMethod(), CrossOrigin.class)
					|| AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), CrossOrigin.class)) {
				return Optional.empty();
			}
			boolean singleton = !(handler.getBean() instanceof String name)
					|| (beans instanceof SingletonBeanRegistry created && created.containsSingleton(name)
							&& beans.isSingleton(name));
			return Optional.of(new Direct(info, handler, singleton ? handler.createWithResolvedBean() : null,
					patterns.getFirstPattern()));
		}

		/**
		 * What the controllers' lookup answers, or {@code null} when the request does not
		 * accept what the mapping produces (the lookup then answers, 406 included).
		 */
		@Nullable HandlerExecutionChain chain(String path, HttpServletRequest request, RequestMappingHandlerMapping controllers) {
			request.removeAttribute(PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE);
			ProducesRequestCondition produces = this.info.getProducesCondition().getMatchingCondition(request);
			// The lookup forgets the accepted media types when done.
			ProducesRequestCondition.clearMediaTypesAttribute(request);
			if (produces == null) {
				return null;
			}
			PathPattern.PathMatchInfo match = this.pattern
				.matchAndExtract(ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication());
			if (match == null) {
				return null;
			}
			// As AbstractHandlerMapping.getHandler and RequestMappingInfoHandlerMapping's
			// handleMatch set them.
			request.setAttribute(HandlerMapping.API_VERSION_ATTRIBUTE, ApiVersionHolder.EMPTY);
			request.removeAttribute(UrlPathHelper.PATH_ATTRIBUTE);
			request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, this.handler);
			request.setAttribute(PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE, path);
			request.setAttribute(MATRIX_VARIABLES_ATTRIBUTE, match.getMatrixVariables());
			String pattern = this.pattern.getPatternString();
			request.setAttribute(BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
			ServerHttpObservationFilter.findObservationContext(request)
				.ifPresent((context) -> context.setPathPattern(pattern));
			request.setAttribute(URI_TEMPLATE_VARIABLES_ATTRIBUTE, match.getUriVariables());
			if (!produces.isEmpty()) {
				Set<MediaType> producible = produces.getProducibleMediaTypes();
				if (!producible.isEmpty()) {
					request.setAttribute(PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE, producible);
				}
			}
			// As AbstractHandlerMapping.getHandlerExecutionChain builds it.
			HandlerExecutionChain chain = new HandlerExecutionChain(
					(this.resolved != null) ? this.resolved : this.handler.createWithResolvedBean());
			HandlerInterceptor[] interceptors = controllers.getAdaptedInterceptors();
			if (interceptors != null) {
				for (HandlerInterceptor interceptor : interceptors) {
					if (interceptor instanceof MappedInterceptor mapped) {
						if (mapped.matches(request)) {
							chain.addInterceptor(mapped.getInterceptor());
						}
					}
					else {
						chain.addInterceptor(interceptor);
					}
				}
			}
			return chain;
		}

	}

}
