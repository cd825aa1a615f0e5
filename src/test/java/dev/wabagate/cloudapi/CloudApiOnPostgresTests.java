package dev.wabagate.cloudapi;

import dev.wabagate.support.PostgresGatewayTest;

class CloudApiOnPostgresTests extends PostgresGatewayTest implements CloudApiContract {

}
