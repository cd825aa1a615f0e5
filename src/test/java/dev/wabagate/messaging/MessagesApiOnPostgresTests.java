package dev.wabagate.messaging;

import dev.wabagate.support.PostgresGatewayTest;

class MessagesApiOnPostgresTests extends PostgresGatewayTest implements MessagesApiContract {

}
