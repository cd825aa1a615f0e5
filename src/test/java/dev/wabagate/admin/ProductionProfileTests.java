package dev.wabagate.admin;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.wabagate.WabagateApplication;
import dev.wabagate.support.TestDatabases;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductionProfileTests {

	@Test
	void theProdProfileRefusesToStartOnTheEmbeddedDatabase(@TempDir Path dataDir) {
		assertThatThrownBy(() -> new SpringApplicationBuilder(WabagateApplication.class).profiles("prod")
			.run("--wabagate.data-dir=" + dataDir, "--wabagate.admin-token=x", "--server.port=0")
			.close()).hasStackTraceContaining("requires PostgreSQL");
	}

	@Test
	void theProdProfileGeneratesNoOperatorToken(@TempDir Path dataDir) {
		assertThatThrownBy(() -> new SpringApplicationBuilder(WabagateApplication.class).profiles("prod")
			.run("--wabagate.data-dir=" + dataDir, "--server.port=0",
					"--spring.datasource.url=" + TestDatabases.postgresUrl(), "--spring.datasource.username=postgres")
			.close()).hasStackTraceContaining("WABAGATE_ADMIN_TOKEN");
		assertThat(dataDir.resolve("admin-token")).doesNotExist();
	}

}
