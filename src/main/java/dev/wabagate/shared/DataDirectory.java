package dev.wabagate.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The embedded default's data directory ({@code WABAGATE_DATA_DIR}, default
 * {@code ./data}): the H2 database and the secrets generated at first start live here.
 */
@Component
public class DataDirectory {

	private final Path root;

	DataDirectory(@Value("${wabagate.data-dir:./data}") String root) {
		this.root = Path.of(root).toAbsolutePath().normalize();
	}

	public Path root() {
		return this.root;
	}

	/**
	 * Reads a secret file, creating it owner-readable only from {@code generator} if
	 * missing.
	 * @return the secret and whether it was created now
	 */
	public StoredSecret readOrCreate(String fileName, Supplier<String> generator) {
		Path file = this.root.resolve(fileName);
		try {
			if (Files.exists(file)) {
				return new StoredSecret(Files.readString(file, StandardCharsets.UTF_8).trim(), false);
			}
			Files.createDirectories(this.root);
			String secret = generator.get();
			Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// Not a POSIX file system: the directory's own permissions must protect
				// it.
			}
			return new StoredSecret(secret, true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create " + file, ex);
		}
	}

	public record StoredSecret(String value, boolean createdNow) {
	}

}
