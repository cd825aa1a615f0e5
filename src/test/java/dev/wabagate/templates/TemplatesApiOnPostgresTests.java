package dev.wabagate.templates;

import dev.wabagate.support.PostgresGatewayTest;

class TemplatesApiOnPostgresTests extends PostgresGatewayTest implements TemplatesApiContract {

}
