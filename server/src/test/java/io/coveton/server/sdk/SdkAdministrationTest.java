package io.coveton.server.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.client.Coveton;
import io.coveton.client.CovetonException;
import io.coveton.client.api.AdministrationApi;
import io.coveton.client.api.CovetonApi;
import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.CovetonServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SDK's calls around the conversation, against the server: answers read, errors typed. */
class SdkAdministrationTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension().withManySeats();

  @Test
  void anOwnerRunsAnOrganizationThroughTheSdkAndErrorsArriveAsTypedExceptions() {
    CovetonApi adaApi = Coveton.connect(server.api().baseUrl());
    adaApi.register(Accounts.uniqueEmail("ada"), Accounts.PASSWORD, "Ada");
    AdministrationApi ada = new AdministrationApi(adaApi.transport());
    CovetonApi bobApi = Coveton.connect(server.api().baseUrl());
    String bobEmail = Accounts.uniqueEmail("bob");
    String bobId = bobApi.register(bobEmail, Accounts.PASSWORD, "Bob").user().id();
    AdministrationApi bob = new AdministrationApi(bobApi.transport());

    String org = ada.createOrganization("Engines", "engines-" + System.nanoTime()).path("id").asText();
    String token = ada.invite(org, bobEmail, "member").path("token").asText();
    bob.acceptInvite(token);
    assertEquals(2, ada.members(org).size());
    String team = ada.createUnit("teams", org, "Difference").path("id").asText();
    ada.addUnitMember("teams", team, bobId);
    assertEquals(1, ada.units("teams", org).size());
    String role = ada.createRole(new ObjectMapper().createObjectNode().put("organizationId", org).put("name", "reader")
        .set("permissions", new ObjectMapper().createArrayNode().add("members.read"))).path("id").asText();
    assertTrue(role.startsWith("role_"));
    assertTrue(ada.auditLog(org).size() >= 3, "the audit log saw the changes");
    assertTrue(ada.verifyAuditLog(org).path("valid").asBoolean());
    JsonNode upload = ada.presignUpload("notes.enc", "application/octet-stream", 1024, null);
    assertTrue(upload.path("uploadUrl").asText().startsWith("http"));
    assertEquals(1, ada.sessions().size());
    assertEquals("free", ada.subscription(org).path("plan").asText());

    CovetonException.NotFound notFound = assertThrows(CovetonException.NotFound.class,
        () -> bob.organization("org_nothing"));
    assertEquals(404, notFound.status());
    CovetonException.Forbidden forbidden = assertThrows(CovetonException.Forbidden.class,
        () -> bob.createUnit("teams", org, "Not allowed"));
    assertEquals("FORBIDDEN", forbidden.code());
    CovetonException.ValidationFailed invalid = assertThrows(CovetonException.ValidationFailed.class,
        () -> ada.createOrganization("", "x"));
    assertTrue(invalid.details().stream().anyMatch(d -> d.path().equals("name")), invalid.details().toString());
    List<String> codes = List.of(notFound.code(), forbidden.code(), invalid.code());
    assertEquals(List.of("NOT_FOUND", "FORBIDDEN", "VALIDATION"), codes);
  }
}
