package dev.livedrop.support.xmpp;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * A drop's room as livedrop keeps it on an external server, driven with Smack: the service account
 * creates it persistent, hidden, members-only and password-protected through the XEP-0045 §10.1.3
 * owner form, and grants and revokes membership (§9.3, §9.4). Also a viewer's side of it.
 */
final class DropRoom {
  private static final String PERSISTENT = "muc#roomconfig_persistentroom";
  private static final String PUBLIC = "muc#roomconfig_publicroom";
  private static final String MEMBERS_ONLY = "muc#roomconfig_membersonly";
  private static final String PASSWORD_PROTECTED = "muc#roomconfig_passwordprotectedroom";
  private static final String SECRET = "muc#roomconfig_roomsecret";

  private DropRoom() {}

  static EntityBareJid jid(String localpart, String mucDomain) throws Exception {
    return JidCreate.entityBareFrom(localpart + "@" + mucDomain);
  }

  /** Creates the room as its owner (the service account) and submits its configuration. */
  static MultiUserChat create(XMPPConnection service, EntityBareJid room, String password) throws Exception {
    MultiUserChat muc = MultiUserChatManager.getInstanceFor(service).getMultiUserChat(room);
    muc.create(Resourcepart.from("livedrop"));
    FillableForm form = muc.getConfigurationForm().getFillableForm();
    form.setAnswer(PERSISTENT, true);
    form.setAnswer(PUBLIC, false);
    form.setAnswer(MEMBERS_ONLY, true);
    // Prosody has no such field: a non-empty secret protects the room there.
    if (form.hasField(PASSWORD_PROTECTED)) form.setAnswer(PASSWORD_PROTECTED, true);
    form.setAnswer(SECRET, password);
    muc.sendConfigurationForm(form);
    return muc;
  }

  /** An occupant's view: its room, the bodies of the groupchat messages it receives. */
  record Occupant(MultiUserChat muc, BlockingQueue<String> bodies) {
    String next(long seconds) throws InterruptedException {
      return bodies.poll(seconds, TimeUnit.SECONDS);
    }
  }

  static Occupant join(XMPPConnection conn, EntityBareJid room, String nick, String password) throws Exception {
    MultiUserChat muc = MultiUserChatManager.getInstanceFor(conn).getMultiUserChat(room);
    BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    muc.addMessageListener(m -> {
      if (m.getBody() != null) bodies.add(m.getBody());
    });
    // No history: a test asserts only what is sent after the join.
    muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from(nick)).withPassword(password)
        .requestNoHistory().build());
    return new Occupant(muc, bodies);
  }

  /** The error condition a refused join gets, or null if the join succeeded. */
  static StanzaError.Condition joinRefusal(XMPPConnection conn, EntityBareJid room, String nick, String password)
      throws Exception {
    try {
      join(conn, room, nick, password);
      return null;
    } catch (XMPPErrorException e) {
      return e.getStanzaError().getCondition();
    }
  }

  /**
   * XEP-0410 MUC self-ping: null while {@code occupant} (one's own occupant JID) is in the room,
   * else the error condition (not-acceptable: not an occupant). Smack's PingManager would turn the
   * error into "pong", since any reply proves the entity is there.
   */
  static StanzaError.Condition selfPing(XMPPConnection conn, EntityFullJid occupant) throws Exception {
    try {
      conn.sendIqRequestAndWaitForResponse(new Ping(occupant));
      return null;
    } catch (XMPPErrorException e) {
      return e.getStanzaError().getCondition();
    }
  }

  static List<String> members(MultiUserChat owned) throws Exception {
    return owned.getMembers().stream().map(a -> a.getJid().toString()).toList();
  }
}
