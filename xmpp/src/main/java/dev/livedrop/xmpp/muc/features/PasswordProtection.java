package dev.livedrop.xmpp.muc.features;

import dev.livedrop.xmpp.Namespaces;
import dev.livedrop.xmpp.muc.DataForm;
import dev.livedrop.xmpp.muc.JoinRequest;
import dev.livedrop.xmpp.muc.Occupant;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.stream.StanzaError;
import dev.livedrop.xmpp.xml.Element;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** §7.2.6: a password-protected room admits only those who send its password (else 401). */
public final class PasswordProtection implements RoomFeature {
  static final String FIELD = "muc#roomconfig_roomsecret";
  static final String PROTECTED = "muc#roomconfig_passwordprotectedroom";

  /** §7.8.2: the invitation carries the password the invitee will need. */
  @Override
  public void inviting(Room room, Occupant sender, String inviteeBareJid, Element invitation) {
    if (room.config().password != null) invitation.addChild("password").text(room.config().password);
  }

  @Override
  public void preJoin(Room room, JoinRequest join) {
    String password = room.config().password;
    if (password == null || join.creating()) return;
    Element x = join.mucElement();
    String given = x == null ? null : x.childText("password", Namespaces.MUC);
    if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))) {
      throw new StanzaError(StanzaError.Condition.NOT_AUTHORIZED, "This room needs a password.");
    }
  }

  @Override
  public void discoFeatures(Room room, List<String> features) {
    features.add(room.config().password != null ? "muc_passwordprotected" : "muc_unsecured");
  }

  @Override
  public void configForm(Room room, Element form) {
    DataForm.field(form, PROTECTED, "boolean", "Password required to enter", room.config().password != null ? "1" : "0");
    DataForm.field(form, FIELD, "text-private", "Password", room.config().password);
  }

  @Override
  public void configSubmit(Room room, DataForm f) {
    Boolean on = f.bool(PROTECTED);
    String secret = f.value(FIELD);
    if (Boolean.FALSE.equals(on)) {
      room.config().password = null;
    } else if (secret != null && !secret.isEmpty()) {
      room.config().password = secret;
    } else if (Boolean.TRUE.equals(on) && room.config().password == null) {
      throw new StanzaError(StanzaError.Condition.NOT_ACCEPTABLE, "A password-protected room needs a password.");
    }
  }
}
