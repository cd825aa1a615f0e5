package dev.wabagate.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wabagate.shared.DataDirectory;
import dev.wabagate.shared.Ids;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator token: {@code WABAGATE_ADMIN_TOKEN}, or on the embedded default one
 * generated at first start into the data directory and printed that once.
 */
@Component
class AdminToken {

	private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

	private final byte[] token;

	AdminToken(@Value("${wabagate.admin-token:}") String configured,
			@Value("${wabagate.require-postgresql:false}") boolean production, DataDirectory dataDirectory) {
		if (!configured.isBlank()) {
			this.token = configured.strip().getBytes(StandardCharsets.UTF_8);
			return;
		}
		if (production) {
			throw new IllegalStateException("Set WABAGATE_ADMIN_TOKEN: the prod profile does not generate one");
		}
		DataDirectory.StoredSecret stored = dataDirectory.readOrCreate("admin-token", () -> "wbgadm_" + Ids.secret(32));
		if (stored.createdNow()) {
			log.info("Generated the operator token (shown this once; also in {}/admin-token): {}", dataDirectory.root(),
					stored.value());
		}
		this.token = stored.value().getBytes(StandardCharsets.UTF_8);
	}

	boolean matches(String presented) {
		return MessageDigest.isEqual(this.token, presented.strip().getBytes(StandardCharsets.UTF_8));
	}

}
