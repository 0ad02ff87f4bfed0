package dev.livedrop.xmpp.muc.features;

import dev.livedrop.xmpp.muc.DataForm;
import dev.livedrop.xmpp.muc.JoinRequest;
import dev.livedrop.xmpp.muc.MucStatus;
import dev.livedrop.xmpp.muc.Occupant;
import dev.livedrop.xmpp.muc.Role;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.xml.Element;
import java.util.List;

/**
 * §4.2 / §7.2.3-4: who sees occupants' real JIDs: moderators only (semi-anonymous) or anyone
 * (non-anonymous, announced with status 100 and 172 to newcomers).
 */
public final class Anonymity implements RoomFeature {
  static final String FIELD = "muc#roomconfig_whois";

  @Override
  public void selfPresenceStatuses(Room room, JoinRequest join, List<MucStatus> statuses) {
    if (room.config().whoisAnyone) statuses.add(MucStatus.REAL_JIDS_PUBLIC);
  }

  /** Semi-anonymous rooms show real JIDs to moderators; non-anonymous ones to anyone. */
  @Override
  public boolean showsRealJids(Room room, Occupant recipient) {
    return room.config().whoisAnyone || recipient.role() == Role.MODERATOR;
  }

  @Override
  public void discoFeatures(Room room, List<String> features) {
    features.add(room.config().whoisAnyone ? "muc_nonanonymous" : "muc_semianonymous");
  }

  @Override
  public void configForm(Room room, Element form) {
    var f = DataForm.field(form, FIELD, "list-single", "Who may see real JIDs", room.config().whoisAnyone ? "anyone" : "moderators");
    DataForm.option(f, "Moderators only", "moderators");
    DataForm.option(f, "Anyone", "anyone");
  }

  @Override
  public void configSubmit(Room room, DataForm f) {
    String v = f.value(FIELD);
    if (v != null) room.config().whoisAnyone = v.equals("anyone");
  }
}
