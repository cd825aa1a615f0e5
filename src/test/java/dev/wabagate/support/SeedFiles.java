package dev.wabagate.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies copied verbatim from the seed's curl commands (src/test/resources/seed),
 * so tests replay exactly what a developer following the seed sends.
 */
public final class SeedFiles {

	private SeedFiles() {
	}

	public static String body(String name) {
		try (InputStream in = SeedFiles.class.getResourceAsStream("/seed/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("No seed body " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
