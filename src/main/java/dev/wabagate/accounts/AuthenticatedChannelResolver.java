package dev.wabagate.accounts;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives controllers the {@link Channel} the request's API key belongs to. */
class AuthenticatedChannelResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Channel.class.equals(parameter.getParameterType());
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
		Object channel = webRequest.getAttribute(ApiKeyAuthentication.CHANNEL_ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST);
		if (channel == null) {
			throw new IllegalStateException("No authenticated channel: is the path covered by API key authentication?");
		}
		return channel;
	}

}
