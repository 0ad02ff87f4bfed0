package dev.livedrop.runtime;

import dev.livedrop.xmpp.XmppServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/** The embedded XMPP server's state on /metrics: sessions by transport, rooms, occupants, stanzas. */
public final class XmppServerMetrics {
  private static final List<String> TRANSPORTS = List.of("tcp", "websocket", "bosh");

  private XmppServerMetrics() {}

  public static void bind(XmppServer xmpp, MeterRegistry registry) {
    var sessions = xmpp.sessions();
    for (String transport : TRANSPORTS) {
      Gauge.builder("livedrop.xmpp.sessions", sessions, s -> s.countByTransport().getOrDefault(transport, 0))
          .description("Open client streams, bound or still negotiating").tag("transport", transport).register(registry);
    }
    Gauge.builder("livedrop.xmpp.rooms", xmpp.muc(), m -> m.roomCount()).description("Open MUC rooms").register(registry);
    Gauge.builder("livedrop.xmpp.occupants", xmpp.muc(), m -> m.occupantCount())
        .description("Occupants of all rooms (each room's service occupant included)").register(registry);
    var stats = sessions.stats();
    FunctionCounter.builder("livedrop.xmpp.stanzas", stats, s -> s.stanzasIn()).tag("direction", "in")
        .description("Stanzas from clients after binding").register(registry);
    FunctionCounter.builder("livedrop.xmpp.stanzas", stats, s -> s.stanzasOut()).tag("direction", "out")
        .description("Stanzas queued to clients (a broadcast counts once per recipient)").register(registry);
    FunctionCounter.builder("livedrop.xmpp.slow.reader.disconnects", stats, s -> s.slowReaderDisconnects())
        .description("Clients disconnected for not reading their stanzas fast enough").register(registry);
  }
}
