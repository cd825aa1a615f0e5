package dev.wabagate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Wabagate: a self-hosted WhatsApp Business API gateway.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class WabagateApplication {

	public static void main(String[] args) {
		SpringApplication.run(WabagateApplication.class, args);
	}

}
