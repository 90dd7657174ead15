package io.coveton.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveton.client.api.CovetonApi;
import io.coveton.client.http.RestTransport;
import io.coveton.client.http.Tokens;
import java.util.function.Consumer;

/** Where an app starts: a typed API client for one server, signed in or about to be. */
public final class Coveton {
  private Coveton() {}

  /** A client not signed in yet ({@code register} or {@code login} signs it in). */
  public static CovetonApi connect(String baseUrl) {
    return connect(baseUrl, null, null);
  }

  /**
   * A client signed in with a token pair kept from before; {@code onTokens} hears every new pair
   * (tokens rotate on refresh), so that the app can keep the latest.
   */
  public static CovetonApi connect(String baseUrl, Tokens.Pair tokens, Consumer<Tokens.Pair> onTokens) {
    ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    return new CovetonApi(new RestTransport(baseUrl, json, new Tokens(tokens, onTokens)));
  }
}
