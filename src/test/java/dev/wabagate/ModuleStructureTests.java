package dev.wabagate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.Options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The module boundaries, checked by Spring Modulith: each module uses only what the
 * others expose (their base package, or the named interface its
 * {@code allowedDependencies} names). The same model writes the module documentation into
 * {@code docs/modules}.
 */
class ModuleStructureTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(WabagateApplication.class);

	private static final Path DOCS = Path.of("docs/modules");

	@Test
	void modulesOnlyUseEachOthersPublicApi() {
		MODULES.verify();
	}

	@Test
	void theCheckFailsWhenAModuleUsesAnothersInternals() {
		// The application's classes plus one test class that breaks the rules on purpose.
		ApplicationModules withBreach = ApplicationModules.of(WabagateApplication.class,
				(location) -> !location.contains("/test-classes/") || location.contains("BoundaryBreach"));

		assertThatExceptionOfType(Violations.class).isThrownBy(withBreach::verify)
			.withMessageContaining("BoundaryBreachUsingMessagingInternals")
			.withMessageContaining("dev.wabagate.messaging.validation.MessageValidator")
			.withMessageContaining("dev.wabagate.messaging.MessageLifecycle");
	}

	@Test
	void writesTheModuleDocumentationIntoDocs() throws IOException {
		new Documenter(MODULES, Options.defaults().withOutputFolder(DOCS.toString())).writeDocumentation();
		try (Stream<Path> diagrams = Files.list(DOCS)) {
			for (Path diagram : diagrams.filter((file) -> file.toString().endsWith(".puml")).toList()) {
				Files.write(diagram, inStableOrder(Files.readAllLines(diagram)));
			}
		}

		assertThat(DOCS.resolve("components.puml")).exists();
		assertThat(DOCS.resolve("module-messaging.adoc")).exists();
	}

	/**
	 * The Documenter lists components and relations in hash order; sorting each run of
	 * them keeps the committed diagrams from changing when the modules did not.
	 */
	private static List<String> inStableOrder(List<String> lines) {
		List<String> stable = new ArrayList<>();
		List<String> run = new ArrayList<>();
		for (String line : lines) {
			if (isListed(line) && (run.isEmpty() || indent(line) == indent(run.get(0)))) {
				run.add(line);
				continue;
			}
			stable.addAll(run.stream().sorted().toList());
			run.clear();
			if (isListed(line)) {
				run.add(line);
			}
			else {
				stable.add(line);
			}
		}
		stable.addAll(run.stream().sorted().toList());
		return stable;
	}

	private static boolean isListed(String line) {
		String content = line.strip();
		return content.startsWith("Rel(") || content.startsWith("Component(");
	}

	private static int indent(String line) {
		return line.length() - line.stripLeading().length();
	}

}
