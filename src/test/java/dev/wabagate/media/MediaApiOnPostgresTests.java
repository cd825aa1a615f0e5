package dev.wabagate.media;

import dev.wabagate.support.PostgresGatewayTest;

class MediaApiOnPostgresTests extends PostgresGatewayTest implements MediaApiContract {

}
