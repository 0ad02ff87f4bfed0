/**
 * Real external XMPP servers for tests (issue 18, decision 0019): Debian's ejabberd as a two-node
 * cluster or a single node, and Debian's Prosody, each on free loopback ports with its own temp
 * dir, killed on close and by a JVM shutdown hook. A missing server skips the test locally and
 * fails it under CI.
 *
 * <pre>{@code
 * static EjabberdCluster cluster;
 *
 * @BeforeAll static void start() {
 *   cluster = EjabberdCluster.start("drops.test", jwtSecret);          // 32+ bytes, HS256
 *   cluster.registerUser(EjabberdSetup.SERVICE_USER, "service-pw");    // livedrop@drops.test
 * }
 * // viewers: SASL PLAIN as <localpart> with a JWT {"jid": "<localpart>@drops.test", "exp": ...}
 * cluster.node(2).c2sPort(); cluster.node(1).boshUrl(); cluster.node(2).websocketUrl();
 * cluster.mucDomain();                                                   // conference.drops.test
 * cluster.restart(1);                                                    // same spool and ports
 * @AfterAll static void stop() { cluster.close(); }
 * }</pre>
 *
 * <p>{@link dev.livedrop.support.xmpp.Prosody#start(String)} serves the same shape with internal
 * accounts ({@code registerUser}), BOSH at /http-bind and WebSocket at /xmpp-websocket.
 */
package dev.livedrop.support.xmpp;
