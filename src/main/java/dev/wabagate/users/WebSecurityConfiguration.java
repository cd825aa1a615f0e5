package dev.wabagate.users;

import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.servlet.filter.OrderedRequestContextFilter;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.filter.RequestContextFilter;

/**
 * Security of the web pages only. The chain matches the web paths, and the servlet
 * container runs Spring Security's and Spring Session's filters, and the filters that
 * only the pages need, only for those paths: the API ({@code /v1}, {@code /admin},
 * {@code /upstream}, {@code /crm}, {@code /api}, actuator, docs, {@code /bench/ping})
 * keeps its own authentication and does not pay for these filters.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

	/** The web paths, as servlet filter URL patterns. */
	static final List<String> WEB_URL_PATTERNS = List.of("/", "/signin", "/signout", "/inbox/*", "/console/*", "/ui/*");

	/**
	 * Spring Boot's registrations of Spring Security's and Spring Session's filters, and
	 * of the filter that versions resource URLs in Thymeleaf's pages (it wraps every
	 * request and response, ADR 0031).
	 */
	private static final List<String> WEB_ONLY_FILTER_REGISTRATIONS = List.of("securityFilterChainRegistration",
			"sessionRepositoryFilterRegistration", "resourceUrlEncodingFilter");

	/** The same paths, as Spring path patterns. */
	private static final String[] WEB_PATHS = { "/", "/signin", "/signout", "/inbox", "/inbox/**", "/console",
			"/console/**", "/ui/**" };

	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; "
			+ "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

	@Bean
	PasswordEncoder passwordEncoder() {
		// {bcrypt} now; the prefix lets a later, stronger encoding take over at sign-in.
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	SecurityFilterChain webSecurity(HttpSecurity http) {
		// Sign-in goes to PasswordSignIn, the one AuthenticationProvider bean (registered
		// once, globally: a second registration here would count each failure twice).
		http.securityMatcher(WEB_PATHS)
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/", "/signin", "/ui/assets/**")
				.permitAll()
				.requestMatchers("/console", "/console/**", "/ui/api/console/**")
				.hasAnyRole(Role.ADMIN.name(), Role.OPERATOR.name())
				.requestMatchers("/inbox", "/inbox/**", "/ui/api/inbox/**")
				.hasAnyRole(Role.AGENT.name(), Role.ADMIN.name())
				.anyRequest()
				.authenticated())
			.formLogin((form) -> form.loginPage("/signin")
				.usernameParameter("email")
				.passwordParameter("password")
				.defaultSuccessUrl("/", true)
				.failureHandler((request, response, exception) -> response
					.sendRedirect((exception instanceof LockedException) ? "/signin?locked" : "/signin?error")))
			.logout((logout) -> logout.logoutUrl("/signout").logoutSuccessUrl("/signin?signed-out"))
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
					PathPatternRequestMatcher.pathPattern("/ui/api/**")))
			.headers(
					(headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
		return http.build();
	}

	/**
	 * Spring's request context filter exposes the request to code that runs before the
	 * dispatcher servlet (which exposes it itself): on the web paths, Spring Security's
	 * filters. Spring Boot would map it to every path (ADR 0031).
	 */
	@Bean
	FilterRegistrationBean<RequestContextFilter> webOnlyRequestContextFilter() {
		OrderedRequestContextFilter filter = new OrderedRequestContextFilter();
		FilterRegistrationBean<RequestContextFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName("requestContextFilter");
		registration.setUrlPatterns(WEB_URL_PATTERNS);
		registration.setOrder(filter.getOrder());
		return registration;
	}

	/**
	 * Maps Spring Security's and Spring Session's servlet filters and the resource URL
	 * encoding filter to the web paths only (Spring Boot maps them to every path by
	 * default).
	 */
	@Bean
	static BeanPostProcessor webOnlyFilters() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof AbstractFilterRegistrationBean<?> registration
						&& WEB_ONLY_FILTER_REGISTRATIONS.contains(beanName)) {
					registration.setUrlPatterns(WEB_URL_PATTERNS);
				}
				return bean;
			}
		};
	}

}
