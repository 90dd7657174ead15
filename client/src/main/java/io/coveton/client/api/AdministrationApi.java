package io.coveton.client.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coveton.client.http.RestTransport;
import io.coveton.client.http.RestTransport.Call;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The API around the conversation: sessions, notifications, profile, organizations and their
 * members, teams, departments, roles, invites and audit log, files, subscriptions and outbound
 * webhooks. Answers are the API's JSON as documented in its OpenAPI description; bodies are
 * JSON objects as documented there.
 */
public final class AdministrationApi {
  private final RestTransport transport;
  private final ObjectMapper json;

  public AdministrationApi(RestTransport transport) {
    this.transport = transport;
    this.json = transport.json();
  }

  // the account

  public JsonNode sessions() {
    return transport.send(Call.get("/v1/sessions"));
  }

  public void revokeSession(String sessionId) {
    transport.send(Call.delete("/v1/sessions/" + sessionId));
  }

  public JsonNode profile() {
    return transport.send(Call.get("/v1/users/me"));
  }

  public JsonNode updateProfile(ObjectNode changes) {
    return transport.send(Call.patch("/v1/users/me", changes));
  }

  public JsonNode identities() {
    return transport.send(Call.get("/v1/users/me/identities"));
  }

  public void unlinkIdentity(String provider) {
    transport.send(Call.delete("/v1/users/me/identities/" + provider));
  }

  public JsonNode notifications(boolean unreadOnly) {
    return transport.send(Call.get("/v1/notifications" + (unreadOnly ? "?unread=true" : "")));
  }

  public JsonNode markAllNotificationsRead() {
    return transport.send(Call.post("/v1/notifications/read", json.createObjectNode().put("all", true)));
  }

  public void forgotPassword(String email) {
    transport.send(Call.post("/v1/auth/forgot-password", json.createObjectNode().put("email", email)).anonymous());
  }

  public void resetPassword(String token, String password) {
    transport.send(Call.post("/v1/auth/reset-password", json.createObjectNode().put("token", token)
        .put("password", password)).anonymous());
  }

  // organizations

  public JsonNode createOrganization(String name, String slug) {
    return transport.send(Call.post("/v1/organizations", json.createObjectNode().put("name", name).put("slug", slug))
        .creating());
  }

  public JsonNode organizations() {
    return transport.send(Call.get("/v1/organizations"));
  }

  public JsonNode organization(String organizationId) {
    return transport.send(Call.get("/v1/organizations/" + organizationId));
  }

  public JsonNode updateOrganization(String organizationId, ObjectNode changes) {
    return transport.send(Call.patch("/v1/organizations/" + organizationId, changes));
  }

  public JsonNode suspendOrganization(String organizationId) {
    return transport.send(Call.post("/v1/organizations/" + organizationId + "/suspend", json.createObjectNode()));
  }

  public JsonNode reinstateOrganization(String organizationId) {
    return transport.send(Call.post("/v1/organizations/" + organizationId + "/reinstate", json.createObjectNode()));
  }

  public void leaveOrganization(String organizationId) {
    transport.send(Call.post("/v1/organizations/" + organizationId + "/leave", json.createObjectNode()));
  }

  public JsonNode members(String organizationId) {
    return transport.send(Call.get("/v1/organizations/" + organizationId + "/members"));
  }

  public JsonNode updateMember(String organizationId, String userId, ObjectNode changes) {
    return transport.send(Call.patch("/v1/organizations/" + organizationId + "/members/" + userId, changes));
  }

  public void removeMember(String organizationId, String userId) {
    transport.send(Call.delete("/v1/organizations/" + organizationId + "/members/" + userId));
  }

  /** {@code kind}: {@code teams} or {@code departments}. */
  public JsonNode createUnit(String kind, String organizationId, String name) {
    return transport.send(Call.post("/v1/" + kind, json.createObjectNode().put("organizationId", organizationId)
        .put("name", name)).creating());
  }

  public JsonNode units(String kind, String organizationId) {
    return transport.send(Call.get("/v1/" + kind + "?organizationId=" + organizationId));
  }

  public JsonNode addUnitMember(String kind, String unitId, String userId) {
    return transport.send(Call.post("/v1/" + kind + "/" + unitId + "/members", json.createObjectNode().put("userId", userId)));
  }

  public void removeUnitMember(String kind, String unitId, String userId) {
    transport.send(Call.delete("/v1/" + kind + "/" + unitId + "/members/" + userId));
  }

  public void deleteUnit(String kind, String unitId) {
    transport.send(Call.delete("/v1/" + kind + "/" + unitId));
  }

  public JsonNode permissions() {
    return transport.send(Call.get("/v1/permissions"));
  }

  public JsonNode createRole(ObjectNode role) {
    return transport.send(Call.post("/v1/roles", role).creating());
  }

  public JsonNode roles(String organizationId) {
    return transport.send(Call.get("/v1/roles?organizationId=" + organizationId));
  }

  public JsonNode updateRole(String roleId, ObjectNode changes) {
    return transport.send(Call.patch("/v1/roles/" + roleId, changes));
  }

  public void deleteRole(String roleId) {
    transport.send(Call.delete("/v1/roles/" + roleId));
  }

  public JsonNode invite(String organizationId, String email, String role) {
    return transport.send(Call.post("/v1/invites/" + organizationId, json.createObjectNode().put("email", email)
        .put("role", role)).creating());
  }

  public JsonNode invites(String organizationId) {
    return transport.send(Call.get("/v1/invites?organizationId=" + organizationId));
  }

  public JsonNode acceptInvite(String token) {
    return transport.send(Call.post("/v1/invites/accept", json.createObjectNode().put("token", token)));
  }

  public void revokeInvite(String inviteId) {
    transport.send(Call.delete("/v1/invites/" + inviteId));
  }

  public JsonNode auditLog(String organizationId) {
    return transport.send(Call.get("/v1/audit-logs?organizationId=" + organizationId));
  }

  public JsonNode verifyAuditLog(String organizationId) {
    return transport.send(Call.get("/v1/audit-logs/verify?organizationId=" + organizationId));
  }

  // files

  /** A presigned upload of {@code size} encrypted bytes (PUT them to its {@code uploadUrl} with its {@code headers}). */
  public JsonNode presignUpload(String filename, String contentType, long size, String chatId) {
    ObjectNode body = json.createObjectNode().put("filename", filename).put("contentType", contentType).put("size", size);
    if (chatId != null) {
      body.put("chatId", chatId);
    }
    return transport.send(Call.post("/v1/files/presign", body).creating());
  }

  public JsonNode file(String fileId) {
    return transport.send(Call.get("/v1/files/" + fileId));
  }

  public JsonNode downloadUrl(String fileId) {
    return transport.send(Call.get("/v1/files/" + fileId + "/download"));
  }

  // billing and webhooks

  public JsonNode subscription(String organizationId) {
    return transport.send(Call.get("/v1/subscriptions/" + organizationId));
  }

  public JsonNode checkout(String organizationId, String plan, String provider, String successUrl) {
    return transport.send(Call.post("/v1/subscriptions/" + organizationId + "/checkout", json.createObjectNode()
        .put("plan", plan).put("provider", provider).put("successUrl", successUrl)).creating());
  }

  public JsonNode invoices(String organizationId) {
    return transport.send(Call.get("/v1/billing/" + organizationId + "/invoices"));
  }

  public JsonNode createWebhookEndpoint(String organizationId, String url, java.util.List<String> events) {
    ObjectNode body = json.createObjectNode().put("organizationId", organizationId).put("url", url);
    events.forEach(body.putArray("events")::add);
    return transport.send(Call.post("/v1/webhook-endpoints", body).creating());
  }

  public JsonNode webhookEndpoints(String organizationId) {
    return transport.send(Call.get("/v1/webhook-endpoints?organizationId="
        + URLEncoder.encode(organizationId, StandardCharsets.UTF_8)));
  }

  public JsonNode webhookDeliveries(String endpointId) {
    return transport.send(Call.get("/v1/webhook-endpoints/" + endpointId + "/deliveries"));
  }

  public JsonNode rotateWebhookSecret(String endpointId) {
    return transport.send(Call.post("/v1/webhook-endpoints/" + endpointId + "/rotate-secret", json.createObjectNode()));
  }

  public void deleteWebhookEndpoint(String endpointId) {
    transport.send(Call.delete("/v1/webhook-endpoints/" + endpointId));
  }
}
