package dev.wabagate;

import java.io.PrintWriter;
import java.util.Arrays;

import dev.wabagate.admin.AdminCommandLine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Wabagate: a self-hosted WhatsApp Business API gateway. {@code admin ...} as the first
 * argument runs an operator command against the database instead of starting the server.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class WabagateApplication {

	public static void main(String[] args) {
		if (args.length > 0 && "admin".equals(args[0])) {
			System.exit(runAdminCommand(Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(WabagateApplication.class, args);
	}

	private static int runAdminCommand(String[] command) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WabagateApplication.class)
			.web(WebApplicationType.NONE)
			.properties("wabagate.dispatch.enabled=false", "wabagate.demo.enabled=false",
					"spring.task.scheduling.enabled=false", "logging.level.root=error")
			.run()) {
			return context.getBean(AdminCommandLine.class)
				.execute(command, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
		}
	}

}
