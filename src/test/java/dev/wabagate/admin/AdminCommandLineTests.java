package dev.wabagate.admin;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.support.PostgresGatewayTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class AdminCommandLineTests extends PostgresGatewayTest {

	@Autowired
	private AdminCommandLine commandLine;

	@Test
	void createsAnAccountWhoseKeyWorksOnTheApi() {
		StringWriter out = new StringWriter();

		int exit = this.commandLine.execute(
				new String[] { "accounts", "create", "--name", "Cli business", "--phone-number", "+1 555 000 7777" },
				new PrintWriter(out), new PrintWriter(new StringWriter()));

		JsonNode created = JsonMapper.builder().build().readTree(out.toString());
		assertThat(exit).isZero();
		assertThat(created.get("channel").get("display_phone_number").asString()).isEqualTo("15550007777");
		assertThat(gateway().get("/v1/messages/msg_none", created.get("api_key").asString()).status()).isEqualTo(404);
	}

	@Test
	void refusesBadInputWithAClearMessageAndExitCode() {
		StringWriter err = new StringWriter();

		int exit = this.commandLine.execute(
				new String[] { "accounts", "create", "--name", "x", "--phone-number", "nope" },
				new PrintWriter(new StringWriter()), new PrintWriter(err));

		assertThat(exit).isEqualTo(2);
		assertThat(err.toString()).contains("phone_number");
	}

}
