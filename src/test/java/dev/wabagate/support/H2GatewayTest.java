package dev.wabagate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A gateway on the embedded default: an H2 file database in a fresh data directory. */
public abstract class H2GatewayTest extends GatewayTest {

	private static String dataDir;

	@DynamicPropertySource
	static void h2(DynamicPropertyRegistry registry) {
		registry.add("wabagate.data-dir", H2GatewayTest::dataDir);
	}

	private static synchronized String dataDir() {
		if (dataDir == null) {
			try {
				dataDir = Files.createTempDirectory("wabagate-h2-test").toString();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return dataDir;
	}

}
