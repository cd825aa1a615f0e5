package dev.wabagate.admin;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** {@code /admin/**} requires the operator token as {@code Authorization: Bearer}. */
@Configuration(proxyBeanMethods = false)
class AdminAuthentication implements WebMvcConfigurer, HandlerInterceptor {

	private final AdminToken token;

	AdminAuthentication(AdminToken token) {
		this.token = token;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns("/admin/**");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
				|| !this.token.matches(authorization.substring(7))) {
			String details = "The admin API needs the operator token: Authorization: Bearer <WABAGATE_ADMIN_TOKEN>";
			throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", details, List
				.of(ApiError.of(ErrorCodes.UNAUTHORIZED, ErrorCodes.titleOf(ErrorCodes.UNAUTHORIZED), details)));
		}
		return true;
	}

}
