package dev.wabagate.accounts;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Business API paths (the seed's {@code /v1}, {@code /api} and {@code /crm}) need an API
 * key.
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
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new AuthenticatedChannelResolver());
	}

}
