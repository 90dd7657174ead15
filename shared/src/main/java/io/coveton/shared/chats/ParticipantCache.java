package io.coveton.shared.chats;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each chat's participants and their active devices, remembered per node for the hot paths: every
 * send checks its envelopes against them, and typing and chat events go to their devices. A membership or device change forgets the entry at once on
 * the node that made it and, through the event bus, on every other node; entries also expire after
 * 30 seconds, which bounds what a lost notice could cost. A load that raced with a change is not kept.
 */
public final class ParticipantCache {
  public static final String CHANGED = "coveton.chat.participants.changed";
  private static final String EVERY_CHAT = "*";
  private static final long FRESH_NANOS = 30_000_000_000L;
  private static final int MAX_ENTRIES = 50_000;
  private final ChatRepository chats;
  private final EventBus eventBus;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  public ParticipantCache(ChatRepository chats, EventBus eventBus) {
    this.chats = chats;
    this.eventBus = eventBus;
    eventBus.<String>consumer(CHANGED, message -> forget(message.body()));
  }

  private record Entry(List<Participant> participants, long loadedAtNanos) {}

  public Future<List<Participant>> participants(String chatId) {
    Entry entry = entries.get(chatId);
    if (entry != null && System.nanoTime() - entry.loadedAtNanos() < FRESH_NANOS) {
      return Future.succeededFuture(entry.participants());
    }
    long loadGeneration = generation.get();
    return chats.participants(List.of(chatId)).map(byChat -> {
      List<Participant> participants = byChat.getOrDefault(chatId, List.of());
      if (!participants.isEmpty() && generation.get() == loadGeneration) {
        if (entries.size() >= MAX_ENTRIES) {
          entries.clear();
        }
        entries.put(chatId, new Entry(participants, System.nanoTime()));
      }
      return participants;
    });
  }

  /** Someone joined or left the chat. */
  public void chatChanged(String chatId) {
    forget(chatId);
    eventBus.publish(CHANGED, chatId);
  }

  /** A device was registered or revoked: it may be in any of its owner's chats. */
  public void devicesChanged() {
    forget(EVERY_CHAT);
    eventBus.publish(CHANGED, EVERY_CHAT);
  }

  private void forget(String chatId) {
    generation.incrementAndGet();
    if (EVERY_CHAT.equals(chatId)) {
      entries.clear();
    } else {
      entries.remove(chatId);
    }
  }
}
