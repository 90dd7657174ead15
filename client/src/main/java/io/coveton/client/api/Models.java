package io.coveton.client.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The API's resources as the SDK reads them (unknown fields are ignored: the API adds fields in place). */
public final class Models {
  private Models() {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record User(String id, String email, String handle, String displayName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PublicUser(String id, String handle, String displayName, String email) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SignedIn(User user, String accessToken, String refreshToken) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Device(String id, String name, String platform, String publicKey, String createdAt) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ParticipantDevice(String id, String publicKey) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Participant(String userId, String role, List<ParticipantDevice> devices) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Chat(String id, String type, String name, String organizationId, List<Participant> participants,
      String createdAt, String lastMessageAt) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Envelope(String deviceId, String header) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Message(String id, String chatId, String senderUserId, String senderDeviceId, String contentType,
      String ciphertext, String createdAt, String editedAt, String expiresAt, Envelope envelope,
      List<Envelope> envelopes, List<String> fileIds) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SignedPreKey(int keyId, String publicKey, String signature) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record OneTimePreKey(int keyId, String publicKey) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KyberPreKey(int keyId, String publicKey, String signature, boolean lastResort) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PreKeyBundle(String userId, String deviceId, int registrationId, String identityKey,
      SignedPreKey signedPreKey, OneTimePreKey preKey, KyberPreKey kyberPreKey) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PreKeyCounts(int preKeys, int kyberPreKeys, Integer signedPreKeyId, Integer kyberLastResortPreKeyId) {}
}
