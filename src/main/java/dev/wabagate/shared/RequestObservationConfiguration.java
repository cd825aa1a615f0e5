package dev.wabagate.shared;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Registers Spring's {@code http.server.requests} filter only while that observation is
 * on ({@code management.observations.enable}, off by default: ADR 0027). Off, the filter
 * still built a context and a no-op observation around every request (ADR 0031).
 */
@Configuration(proxyBeanMethods = false)
class RequestObservationConfiguration {

	@Bean
	static BeanPostProcessor requestObservationFilterOnlyWhenObserved(ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<ObservationProperties> properties) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof FilterRegistrationBean<?> registration
						&& registration.getFilter() instanceof ServerHttpObservationFilter) {
					String name = properties.getObject().getHttp().getServer().getRequests().getName();
					registration.setEnabled(!Observation.createNotStarted(name, registry.getObject()).isNoop());
				}
				return bean;
			}
		};
	}

}
