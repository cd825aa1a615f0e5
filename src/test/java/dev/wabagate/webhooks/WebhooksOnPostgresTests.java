package dev.wabagate.webhooks;

import dev.wabagate.support.PostgresGatewayTest;

class WebhooksOnPostgresTests extends PostgresGatewayTest implements WebhooksContract {

}
