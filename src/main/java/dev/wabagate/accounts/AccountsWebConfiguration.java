package dev.wabagate.accounts;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Business API paths (the seed's {@code /v1}, {@code /api} and {@code /crm}) and the
 * controllers marked {@link AuthenticatedByApiKey} need an API key.
 */
@Configuration(proxyBeanMethods = false)
class AccountsWebConfiguration implements WebMvcConfigurer {

	static final List<String> BUSINESS_API_PATHS = List.of("/v1/**", "/api/**", "/crm/**");

	private final ApiKeyAuthentication authentication;

	AccountsWebConfiguration(ApiKeyAuthentication authentication) {
		this.authentication = authentication;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.authentication).addPathPatterns(BUSINESS_API_PATHS);
		registry.addInterceptor(new AnnotatedControllersOnly(this.authentication))
			.excludePathPatterns(BUSINESS_API_PATHS);
	}

	/**
	 * Authenticates only requests handled by a controller marked
	 * {@link AuthenticatedByApiKey}.
	 */
	private record AnnotatedControllersOnly(ApiKeyAuthentication authentication) implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			if (handler instanceof HandlerMethod method
					&& method.getBeanType().isAnnotationPresent(AuthenticatedByApiKey.class)) {
				return this.authentication.preHandle(request, response, handler);
			}
			return true;
		}

	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new AuthenticatedChannelResolver());
	}

}
