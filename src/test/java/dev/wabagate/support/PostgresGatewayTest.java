package dev.wabagate.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A gateway on the local PostgreSQL server. */
public abstract class PostgresGatewayTest extends GatewayTest {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", TestDatabases::postgresUrl);
		registry.add("spring.datasource.username", () -> TestDatabases.USER);
		registry.add("spring.datasource.password", () -> "");
	}

}
