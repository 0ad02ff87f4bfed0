package dev.livedrop.xmpp.muc.features;

import dev.livedrop.xmpp.muc.DataForm;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.muc.Role;
import dev.livedrop.xmpp.xml.Element;
import java.util.EnumSet;
import java.util.List;

/**
 * The plain settings of §15.5.3 that change no behaviour of their own beyond disco and the
 * service's lists: name, description, persistent, public, and whose presence is broadcast
 * (muc#roomconfig_presencebroadcast, used by the core's presence rules).
 */
public final class Basics implements RoomFeature {
  @Override
  public void discoFeatures(Room room, List<String> features) {
    features.add(room.config().persistent ? "muc_persistent" : "muc_temporary");
    features.add(room.config().publicRoom ? "muc_public" : "muc_hidden");
  }

  @Override
  public void configForm(Room room, Element form) {
    var c = room.config();
    DataForm.field(form, "muc#roomconfig_roomname", "text-single", "Name", c.name);
    DataForm.field(form, "muc#roomconfig_roomdesc", "text-single", "Description", c.description);
    DataForm.field(form, "muc#roomconfig_persistentroom", "boolean", "Persistent", c.persistent ? "1" : "0");
    DataForm.field(form, "muc#roomconfig_publicroom", "boolean", "Listed publicly", c.publicRoom ? "1" : "0");
    var pb = DataForm.field(form, "muc#roomconfig_presencebroadcast", "list-multi", "Whose presence is broadcast",
        c.presenceBroadcast.stream().map(Role::code).toArray(String[]::new));
    for (Role r : List.of(Role.MODERATOR, Role.PARTICIPANT, Role.VISITOR)) DataForm.option(pb, r.code(), r.code());
  }

  @Override
  public void configSubmit(Room room, DataForm f) {
    var c = room.config();
    if (f.has("muc#roomconfig_roomname")) c.name = nonNull(f.value("muc#roomconfig_roomname"));
    if (f.has("muc#roomconfig_roomdesc")) c.description = nonNull(f.value("muc#roomconfig_roomdesc"));
    if (f.bool("muc#roomconfig_persistentroom") != null) c.persistent = f.bool("muc#roomconfig_persistentroom");
    if (f.bool("muc#roomconfig_publicroom") != null) c.publicRoom = f.bool("muc#roomconfig_publicroom");
    if (f.has("muc#roomconfig_presencebroadcast")) {
      EnumSet<Role> roles = EnumSet.noneOf(Role.class);
      for (String v : f.values("muc#roomconfig_presencebroadcast")) {
        Role r = Role.parse(v);
        if (r != null && r != Role.NONE) roles.add(r);
      }
      c.presenceBroadcast = roles;
    }
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
