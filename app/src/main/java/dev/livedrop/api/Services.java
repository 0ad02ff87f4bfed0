package dev.livedrop.api;

import dev.livedrop.drops.ChangeLog;
import dev.livedrop.realtime.LiveSessions;
import dev.livedrop.access.AccessService;
import dev.livedrop.access.NameProbeLimiter;
import dev.livedrop.config.LivedropConfig;
import dev.livedrop.drops.AssetService;
import dev.livedrop.drops.CommentService;
import dev.livedrop.drops.DropService;
import dev.livedrop.media.MediaTypes;
import dev.livedrop.media.Thumbnailer;
import dev.livedrop.storage.blob.BlobStore;

/** What the HTTP routes need of the rest of the application. */
public record Services(
    LivedropConfig config,
    DropService drops,
    AssetService assets,
    CommentService comments,
    AccessService access,
    BlobStore blobs,
    MediaTypes mediaTypes,
    Thumbnailer thumbnailer,
    ChangeLog changes,
    LiveSessions live,
    NameProbeLimiter nameProbes) {}
