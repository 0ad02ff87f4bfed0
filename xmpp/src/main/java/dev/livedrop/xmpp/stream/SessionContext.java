package dev.livedrop.xmpp.stream;

import dev.livedrop.xmpp.XmppConfig;
import dev.livedrop.xmpp.router.Router;
import dev.livedrop.xmpp.sasl.SaslMechanisms;
import dev.livedrop.xmpp.services.Registration;

/**
 * What every session shares: settings, the router, authentication, and the live-session list.
 * {@code authTimeout}: how long a stream may take to authenticate and bind (zero: no limit).
 */
public record SessionContext(
    XmppConfig config,
    Router router,
    SaslMechanisms sasl,
    AuthThrottle authThrottle,
    Sessions sessions,
    Registration registration,
    java.time.Duration authTimeout) {}
