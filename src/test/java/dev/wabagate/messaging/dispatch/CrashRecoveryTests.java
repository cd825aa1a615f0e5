package dev.wabagate.messaging.dispatch;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.GatewayProcess;
import dev.wabagate.support.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/** A gateway process killed with SIGKILL under load, several times, and restarted. */
class CrashRecoveryTests {

	@Test
	void killedAndRestartedUnderLoadItLosesNothingSendsNothingTwiceOutsideTheWindowAndKeepsOrder()
			throws InterruptedException {
		String database = TestDatabases.freshPostgresDatabase();
		DeliveryAudit audit = new DeliveryAudit(database);
		try (GatewayProcess gateway = new GatewayProcess(database, "crash-node").start()) {
			TestChannel channel = gateway.client().newSandboxChannelWithHelloTemplate();
			gateway.client().admin("PATCH", "/admin/v1/channels/" + channel.channelId(), "{\"throughput_mps\":200}");

			audit.startLoad(channel, 4, 5, gateway::client);
			for (int kill = 0; kill < 3; kill++) {
				DeliveryAudit.sleep(Duration.ofSeconds(2));
				gateway.kill();
				audit.killed();
				gateway.start();
			}
			DeliveryAudit.sleep(Duration.ofSeconds(1));
			audit.stopLoad();

			audit.awaitAllFinal(Duration.ofSeconds(60));
			assertThat(audit.accepted()).isGreaterThan(100);
			audit.assertNoLossNoDuplicateOutsideTheWindowAndOrderHeld();
		}
	}

}
