package dev.wabagate.shared;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says loudly when the gateway runs on the embedded H2 database, and refuses to start on
 * it when PostgreSQL is required (the {@code prod} profile).
 */
@Component
class DatabaseGuard implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(DatabaseGuard.class);

	private final Environment environment;

	DatabaseGuard(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		String url = this.environment.getProperty("spring.datasource.url", "");
		boolean postgres = url.startsWith("jdbc:postgresql:");
		if (!postgres && this.environment.getProperty("wabagate.require-postgresql", Boolean.class, false)) {
			throw new IllegalStateException("The prod profile requires PostgreSQL: set SPRING_DATASOURCE_URL to a "
					+ "jdbc:postgresql:// URL (and SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD). "
					+ "Refusing to start on " + url.replaceAll(";.*", ""));
		}
		if (!postgres) {
			log.warn("""

					************************************************************************
					*  EMBEDDED H2 DATABASE: {}
					*  Fine for trying Wabagate out; NOT for production. Set
					*  SPRING_DATASOURCE_URL to PostgreSQL and run with the prod profile.
					************************************************************************""",
					url.replaceAll(";.*", ""));
		}
	}

}
