package dev.livedrop.xmpp.muc.features;

import dev.livedrop.xmpp.muc.Affiliation;
import dev.livedrop.xmpp.muc.JoinRequest;
import dev.livedrop.xmpp.muc.MucStatus;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.stream.StanzaError;
import java.util.List;

/**
 * §10.1: a room a user creates is locked (status 201 to the creator) until its owner submits the
 * configuration form or accepts the default (instant room); meanwhile others get item-not-found.
 */
public final class Lock implements RoomFeature {
  @Override
  public void preJoin(Room room, JoinRequest join) {
    if (room.locked() && !join.creating() && join.affiliation() != Affiliation.OWNER) {
      throw new StanzaError(StanzaError.Condition.ITEM_NOT_FOUND, "The room is not configured yet.");
    }
  }

  @Override
  public void selfPresenceStatuses(Room room, JoinRequest join, List<MucStatus> statuses) {
    if (join.creating()) statuses.add(MucStatus.ROOM_CREATED);
  }
}
