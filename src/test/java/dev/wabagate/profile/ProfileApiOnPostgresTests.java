package dev.wabagate.profile;

import dev.wabagate.support.PostgresGatewayTest;

class ProfileApiOnPostgresTests extends PostgresGatewayTest implements ProfileApiContract {

}
